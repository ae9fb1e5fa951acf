using System.IO;
using System.Linq;
using Digits.App;
using MultiFashion.App;

namespace MultiLoss.MultiFashion.Tests;

/// <summary>The app run in-process, as from a non-interactive shell, with what it printed.</summary>
internal sealed record AppRun(int ExitCode, string Output, string Error)
{
    public static AppRun Of(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = FashionApp.Run(args, new ConsoleStreams(output, error, Interactive: false));
        return new AppRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Both streams, for an assertion's message: a failed run says why on either.</summary>
    public string Transcript => $"stderr:\n{Error}\nstdout:\n{Output}";

    public string[] ErrorLines => Error.Split('\n').Where(line => line.Trim().Length > 0).ToArray();
}
