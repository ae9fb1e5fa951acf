using System.IO;
using System.Text.Json;

namespace DocTables;

/// <summary>One strategy's run with one seed, as the digits example wrote it to its <c>summary.json</c>.</summary>
/// <param name="Weights">The last epoch's mean weights (classification, reconstruction) of an adaptive strategy; otherwise null.</param>
/// <param name="LastEpochLosses">The training losses' means over the last epoch (classification, reconstruction).</param>
/// <param name="GateOpenSteps">For a gated strategy: the steps with the gate open, and the first of them (null if none).</param>
public sealed record DigitsResult(
    string Strategy, int Seed, int Steps, double Accuracy, double ReconstructionMse, double WallTimeSeconds,
    (double Classification, double Reconstruction) LastEpochLosses,
    (double Classification, double Reconstruction)? Weights,
    (int Open, int? First)? GateOpenSteps)
{
    public const string FileName = "summary.json";

    public static DigitsResult Load(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        var losses = root.GetProperty("lastEpochMeanLosses");
        (double, double)? weights = root.TryGetProperty("lastEpochMeanWeights", out var w)
            ? (w.GetProperty("classification").GetDouble(), w.GetProperty("reconstruction").GetDouble())
            : null;
        (int, int?)? gate = root.TryGetProperty("reconstructionGate", out var g)
            ? (g.GetProperty("openSteps").GetInt32(), g.GetProperty("firstOpenStep").ValueKind == JsonValueKind.Null ? null : g.GetProperty("firstOpenStep").GetInt32())
            : null;
        return new DigitsResult(
            root.GetProperty("strategy").GetString()!,
            root.GetProperty("seed").GetInt32(),
            root.GetProperty("steps").GetInt32(),
            root.GetProperty("testAccuracy").GetDouble(),
            root.GetProperty("reconstructionMse").GetDouble(),
            root.GetProperty("wallTimeSeconds").GetDouble(),
            (losses.GetProperty("classification").GetDouble(), losses.GetProperty("reconstruction").GetDouble()),
            weights,
            gate);
    }
}
