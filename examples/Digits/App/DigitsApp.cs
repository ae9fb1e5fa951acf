using System;
using System.CommandLine;
using System.IO;
using MultiLoss.Runtime;

namespace Digits.App;

/// <summary>The app's entry point, callable in-process: parses the arguments, runs, and maps failures to exit codes.</summary>
public static class DigitsApp
{
    public static int Run(string[] args, ConsoleStreams io)
        => CommandLineApp.Run(new DigitsCommand(settings => RunAction.Run(settings, io)).Root, args, io);
}

/// <summary>
/// Runs an example's root command: a parse error or bad input is one line on standard error and exit code
/// <see cref="ExitCodes.BadInput"/>, a failure to write the results <see cref="ExitCodes.Failure"/>.
/// </summary>
public static class CommandLineApp
{
    public static int Run(RootCommand root, string[] args, ConsoleStreams io)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            return Fail(io, $"{OneLine(parsed.Errors[0].Message)} (see --help)", ExitCodes.BadInput);
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = io.Output, Error = io.Error, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException ex)
        {
            return Fail(io, ex.Message, ExitCodes.BadInput);
        }
        catch (TorchUnavailableException ex)
        {
            return Fail(io, ex.Message, ExitCodes.BadInput);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(io, $"could not write the results: {ex.Message}", ExitCodes.Failure);
        }
    }

    private static string OneLine(string message) => string.Join(' ', message.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');

    private static int Fail(ConsoleStreams io, string message, int exitCode)
    {
        io.Error.WriteLine($"error: {message}");
        return exitCode;
    }
}
