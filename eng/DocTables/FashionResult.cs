using System.IO;
using System.Text.Json;

namespace DocTables;

/// <summary>One run of the MultiFashion example with one seed (a strategy or a single-task baseline), as its <c>summary.json</c> has it.</summary>
/// <param name="Tasks">"both" for a strategy; "left" or "right" for a single-task baseline.</param>
/// <param name="LeftAccuracy">Null for the right task's baseline.</param>
/// <param name="RightAccuracy">Null for the left task's baseline.</param>
/// <param name="DeltaMPercent">Null for a baseline.</param>
/// <param name="Weights">The last epoch's mean weights (left, right) of an adaptive strategy; otherwise null.</param>
/// <param name="GateOpenSteps">For a gated strategy, the steps in which its gate was open; otherwise null.</param>
public sealed record FashionResult(
    string Strategy, string Tasks, int Seed, int Steps, double? LeftAccuracy, double? RightAccuracy, double? DeltaMPercent, double SecondsPerStep,
    (double Left, double Right)? Weights, int? GateOpenSteps)
{
    public const string FileName = "summary.json";

    public static FashionResult Load(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        (double, double)? weights = root.TryGetProperty("lastEpochMeanWeights", out var w)
            ? (w.GetProperty("left").GetDouble(), w.GetProperty("right").GetDouble())
            : null;
        return new FashionResult(
            root.GetProperty("strategy").GetString()!,
            root.GetProperty("tasks").GetString()!,
            root.GetProperty("seed").GetInt32(),
            root.GetProperty("steps").GetInt32(),
            NumberOrNull(root.GetProperty("leftAccuracy")),
            NumberOrNull(root.GetProperty("rightAccuracy")),
            NumberOrNull(root.GetProperty("deltaMPercent")),
            root.GetProperty("secondsPerStep").GetDouble(),
            weights,
            root.TryGetProperty("rightGateOpenSteps", out var gate) ? gate.GetInt32() : null);
    }

    private static double? NumberOrNull(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetDouble();
}
