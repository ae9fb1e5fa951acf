using System.IO;
using System.Text.Json;

namespace DocTables;

/// <summary>A recorded run's <c>run.json</c>: how it was run, from which commit, on which machine, and how long it took.</summary>
public sealed record RunRecord(
    string Command, string Commit, string Date, double DurationSeconds,
    string Cpu, int Cores, string Os, string DotnetSdk, string TorchSharp, double LoadAverageBefore, double LoadAverageAfter)
{
    public const string FileName = "run.json";

    public static RunRecord Load(string runFolder)
    {
        var path = Path.Combine(runFolder, FileName);
        if (!File.Exists(path)) throw new DocTablesException($"{path} does not exist; record the run with eng/record-digits-run.sh");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        var machine = root.GetProperty("machine");
        return new RunRecord(
            root.GetProperty("command").GetString()!,
            root.GetProperty("commit").GetString()!,
            root.GetProperty("date").GetString()!,
            root.GetProperty("durationSeconds").GetDouble(),
            machine.GetProperty("cpu").GetString()!,
            machine.GetProperty("cores").GetInt32(),
            machine.GetProperty("os").GetString()!,
            machine.GetProperty("dotnetSdk").GetString()!,
            machine.GetProperty("torchSharp").GetString()!,
            machine.GetProperty("loadAverageBefore").GetDouble(),
            machine.GetProperty("loadAverageAfter").GetDouble());
    }
}
