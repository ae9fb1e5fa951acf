using System.IO;
using System.Text.Json;

namespace DocTables;

/// <summary>One strategy's run with one seed, as the digits example wrote it to its <c>summary.json</c>.</summary>
/// <param name="SecondsPerStep">The training loop's time per step; null in runs recorded before the example measured it.</param>
/// <param name="Weights">
/// The last epoch's mean weights (classification, reconstruction) of a strategy that reports them, NaN where the summary
/// has null (a method whose weights are NaN); otherwise null.
/// </param>
/// <param name="LastEpochLosses">The training losses' means over the last epoch (classification, reconstruction).</param>
/// <param name="GateOpenSteps">For a gated strategy: the steps with the gate open, and the first of them (null if none).</param>
public sealed record DigitsResult(
    string Strategy, int Seed, int Steps, double Accuracy, double ReconstructionMse, double WallTimeSeconds, double? SecondsPerStep,
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
            ? (NumberOrNaN(w.GetProperty("classification")), NumberOrNaN(w.GetProperty("reconstruction")))
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
            root.TryGetProperty("secondsPerStep", out var perStep) && perStep.ValueKind == JsonValueKind.Number ? perStep.GetDouble() : null,
            (losses.GetProperty("classification").GetDouble(), losses.GetProperty("reconstruction").GetDouble()),
            weights,
            gate);
    }

    private static double NumberOrNaN(JsonElement value) => value.ValueKind == JsonValueKind.Null ? double.NaN : value.GetDouble();
}
