using Digits.App;

namespace ParetoToy.App;

/// <summary>The app's entry point, callable in-process: parses the arguments, runs, and maps failures to exit codes.</summary>
public static class ToyApp
{
    public static int Run(string[] args, ConsoleStreams io)
        => CommandLineApp.Run(new ToyCommand(settings => RunAction.Run(settings, io)).Root, args, io);
}
