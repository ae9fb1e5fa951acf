using System.Globalization;

namespace DocTables;

/// <summary>A recorded run's provenance in one paragraph.</summary>
public static class RunRecordText
{
    public static string Render(RunRecord record, RunLink link) => string.Create(CultureInfo.InvariantCulture,
        $"Recorded in {link}: `{record.Command}` at commit `{record.Commit[..7]}`, {record.Date[..10]}, on {record.Cpu} " +
        $"({record.Cores} cores), {record.Os}, .NET SDK {record.DotnetSdk}, TorchSharp {record.TorchSharp}; the command took " +
        $"{record.DurationSeconds:0.#} s, with a load average of {record.LoadAverageBefore:0.##} when it started and " +
        $"{record.LoadAverageAfter:0.##} when it ended.");
}
