using System;
using Digits.App;
using MultiFashion.App;

return FashionApp.Run(args, new ConsoleStreams(Console.Out, Console.Error, Interactive: !Console.IsOutputRedirected));
