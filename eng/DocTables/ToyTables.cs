using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace DocTables;

/// <summary>
/// The Pareto toy's verdicts (examples/ParetoToy, its <c>summary.json</c>): per method and starting point, where the
/// run ended and whether it reached the Pareto set.
/// </summary>
public static class ToyTables
{
    public const string FileName = "summary.json";

    public static string Reach(string root, string name, RunLink link)
    {
        var folder = Path.Combine(root, name);
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) throw new DocTablesException($"{path} does not exist; record the run with eng/record-toy-run.sh");
        var record = RunRecord.Load(folder);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var summary = json.RootElement;
        var runs = summary.GetProperty("runs").EnumerateArray().ToList();
        var starts = runs.Select(r => (Number: r.GetProperty("start").GetInt32(), X1: r.GetProperty("startX1").GetDouble(), X2: r.GetProperty("startX2").GetDouble()))
            .Distinct().OrderBy(s => s.Number).ToList();
        var table = new MarkdownTable(["aggregation", .. starts.Select(s => Invariant($"from ({s.X1:0.#}, {s.X2:0.#})")), "reached"]);
        foreach (var method in runs.Select(r => r.GetProperty("method").GetString()!).Distinct())
        {
            var ofMethod = runs.Where(r => r.GetProperty("method").GetString() == method).OrderBy(r => r.GetProperty("start").GetInt32()).ToList();
            table.Add([method, .. ofMethod.Select(Cell), Invariant($"{ofMethod.Count(Reached)} of {ofMethod.Count}")]);
        }
        var steps = summary.GetProperty("steps").GetInt32();
        var learningRate = summary.GetProperty("learningRate").GetDouble();
        var tolerance = summary.GetProperty("reachTolerance").GetDouble();
        return table + "\n" + Invariant(
            $"From {link} (`{record.Command}`, commit `{record.Commit[..7]}`): each run's end point after {steps} Adam steps at learning rate {learningRate}; **reached**: within {tolerance} of the Pareto set, else its distance to it.");
    }

    private static bool Reached(JsonElement run) => run.GetProperty("reached").GetBoolean();

    private static string Cell(JsonElement run)
    {
        var end = Invariant($"({Coordinate(run.GetProperty("endX1").GetDouble())}, {Coordinate(run.GetProperty("endX2").GetDouble())})");
        var cell = Failure(run) is { } failure ? $"**failed** at {end}: {failure}"
            : Reached(run) ? $"**reached** {end}" : Invariant($"{end}, {run.GetProperty("distanceToParetoSet").GetDouble():0.00} away");
        var fallbacks = run.TryGetProperty("fallbacks", out var count) ? count.GetInt32() : 0;
        return fallbacks == 0 ? cell : Invariant($"{cell} ({fallbacks} steps fell back)");
    }

    /// <summary>Why the run stopped early; null when it ran every step (or was recorded before failures were).</summary>
    private static string? Failure(JsonElement run) =>
        run.TryGetProperty("failure", out var failure) && failure.ValueKind == JsonValueKind.String ? failure.GetString() : null;

    /// <summary>Two decimals; a value that rounds to zero is 0.00, not −0.00.</summary>
    private static string Coordinate(double value) => (Math.Round(value, 2) == 0 ? 0 : value).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
