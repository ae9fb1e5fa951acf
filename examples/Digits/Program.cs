using System;
using Digits.App;

return DigitsApp.Run(args, new ConsoleStreams(Console.Out, Console.Error, Interactive: !Console.IsOutputRedirected));
