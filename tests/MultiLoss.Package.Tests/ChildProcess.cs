using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace MultiLoss.Package.Tests;

/// <summary>A finished child process: its exit code and everything it printed, stdout and stderr interleaved.</summary>
internal sealed record ChildProcess(string CommandLine, int ExitCode, string Output, TimeSpan Elapsed)
{
    /// <summary>The command line, exit code, time and output, for an assertion message.</summary>
    public string Describe() => $"`{CommandLine}` exited with {ExitCode} after {Elapsed.TotalSeconds:F1} s; output:\n{Output}";

    /// <summary>The <c>dotnet</c> that runs these tests (the host the SDK passes on), else the one on PATH.</summary>
    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>Runs <c>dotnet</c> with the given arguments in a folder; kills the process tree after the timeout.</summary>
    public static ChildProcess Dotnet(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
        => RunProcess("dotnet", DotnetHost, workingDirectory, timeout, environment, arguments);

    /// <summary>Runs a program with the given arguments in a folder; kills the process tree after the timeout.</summary>
    public static ChildProcess Run(string program, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
        => RunProcess(program, program, workingDirectory, timeout, environment, arguments);

    private static ChildProcess RunProcess(string displayName, string program, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment, string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        // The test host runs under `dotnet test`, whose MSBuild variables would point a child build at this
        // solution's MSBuild state; a child must behave as if started from a plain shell.
        foreach (var name in new List<string>(start.Environment.Keys))
        {
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST_", StringComparison.OrdinalIgnoreCase))
                start.Environment.Remove(name);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        if (environment is not null)
        {
            foreach (var (name, value) in environment) start.Environment[name] = value;
        }

        var output = new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var commandLine = displayName + " " + string.Join(' ', arguments);
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (output) output.AppendLine($"[killed after {timeout.TotalSeconds:F0} s]");
            return new ChildProcess(commandLine, -1, output.ToString(), stopwatch.Elapsed);
        }
        process.WaitForExit();   // drains the asynchronous output readers
        lock (output) return new ChildProcess(commandLine, process.ExitCode, output.ToString(), stopwatch.Elapsed);
    }
}
