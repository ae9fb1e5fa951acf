using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace DocTables;

/// <summary>
/// A recorded digits run under docs/runs/: its record and every strategy's result for every seed, read from the
/// <c>summary.json</c> files (one seed: <c>&lt;strategy&gt;/summary.json</c>; several: <c>seed-&lt;n&gt;/&lt;strategy&gt;/summary.json</c>).
/// </summary>
/// <param name="Name">The run's folder relative to the repository root, as the docs name it.</param>
/// <param name="Strategies">In the order the run trained them (the combined summary's order; alphabetical without one).</param>
public sealed record DigitsRun(string Name, RunRecord Record, IReadOnlyList<DigitsResult> Results, IReadOnlyList<string> Strategies)
{
    private const string CombinedSummary = "seeds-summary.json";

    /// <summary>The strategy whose time per step the others' are divided by.</summary>
    public const string TimeReference = "weighted";

    public static DigitsRun Load(string root, string name)
    {
        var folder = Path.Combine(root, name);
        if (!Directory.Exists(folder)) throw new DocTablesException($"the run folder {name} does not exist");
        var results = Directory.EnumerateFiles(folder, DigitsResult.FileName, SearchOption.AllDirectories).Order().Select(DigitsResult.Load).ToList();
        if (results.Count == 0) throw new DocTablesException($"{name} holds no {DigitsResult.FileName}");
        var combined = Path.Combine(folder, CombinedSummary);
        var strategies = File.Exists(combined) ? StrategiesIn(combined) : results.Select(r => r.Strategy).Distinct().Order().ToList();
        return new DigitsRun(name, RunRecord.Load(folder), results, strategies);
    }

    /// <summary>One strategy's results, by seed.</summary>
    public IReadOnlyList<DigitsResult> Of(string strategy) => Results.Where(r => r.Strategy == strategy).OrderBy(r => r.Seed).ToList();

    public IReadOnlyList<int> Seeds => Results.Select(r => r.Seed).Distinct().Order().ToList();

    /// <summary>
    /// Whether the time per step can be compared with <see cref="TimeReference"/>'s: the run has that strategy, and every
    /// result its time per step (runs recorded before the example measured it have none).
    /// </summary>
    public bool HasRelativeTime => Strategies.Contains(TimeReference) && Results.All(r => r.SecondsPerStep is not null);

    private static List<string> StrategiesIn(string combinedSummary)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(combinedSummary));
        return json.RootElement.GetProperty("strategies").EnumerateArray().Select(s => s.GetProperty("strategy").GetString()!).ToList();
    }
}
