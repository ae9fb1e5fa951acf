using System;
using System.CommandLine;
using System.IO;
using Digits.App;
using MultiLoss.Runtime;

namespace MultiFashion.App;

/// <summary>The app's entry point, callable in-process: parses the arguments, runs, and maps failures to exit codes.</summary>
public static class FashionApp
{
    public static int Run(string[] args, ConsoleStreams io)
    {
        var command = new FashionCommand(settings => BenchmarkAction.Run(settings, io));
        var parsed = command.Root.Parse(args);
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
