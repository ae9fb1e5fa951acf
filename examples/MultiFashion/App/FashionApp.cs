using Digits.App;

namespace MultiFashion.App;

/// <summary>The app's entry point, callable in-process: parses the arguments, runs, and maps failures to exit codes.</summary>
public static class FashionApp
{
    public static int Run(string[] args, ConsoleStreams io)
        => CommandLineApp.Run(new FashionCommand(settings => BenchmarkAction.Run(settings, io)).Root, args, io);
}
