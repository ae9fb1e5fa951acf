using System;
using Digits.App;
using ParetoToy.App;

return ToyApp.Run(args, new ConsoleStreams(Console.Out, Console.Error, Interactive: !Console.IsOutputRedirected));
