using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace DocTables;

/// <summary>
/// A recorded MultiFashion run under docs/runs/: its record, and every run's result for every seed, read from the
/// <c>summary.json</c> files (one seed: <c>&lt;strategy&gt;/summary.json</c>; several: <c>seed-&lt;n&gt;/&lt;strategy&gt;/summary.json</c>).
/// </summary>
/// <param name="Strategies">The multi-task strategies in the order the run trained them (its <c>comparison.json</c>).</param>
/// <param name="Baselines">The single-task baselines: the left task's, then the right's.</param>
public sealed record FashionRun(string Name, RunRecord Record, IReadOnlyList<FashionResult> Results, IReadOnlyList<string> Strategies, IReadOnlyList<string> Baselines)
{
    public const string ComparisonFile = "comparison.json";

    /// <summary>The strategy whose time per step the others' is divided by.</summary>
    public const string TimeReference = "weighted";

    public static FashionRun Load(string root, string name)
    {
        var folder = Path.Combine(root, name);
        if (!Directory.Exists(folder)) throw new DocTablesException($"the run folder {name} does not exist");
        var comparison = Path.Combine(folder, ComparisonFile);
        if (!File.Exists(comparison)) throw new DocTablesException($"{name} holds no {ComparisonFile}; is it a MultiFashion run?");
        var results = Directory.EnumerateFiles(folder, FashionResult.FileName, SearchOption.AllDirectories).Order().Select(FashionResult.Load).ToList();
        using var json = JsonDocument.Parse(File.ReadAllText(comparison));
        var strategies = json.RootElement.GetProperty("strategies").EnumerateArray().Select(s => s.GetProperty("strategy").GetString()!).ToList();
        var baselines = results.Where(r => r.Tasks == "left").Concat(results.Where(r => r.Tasks == "right")).Select(r => r.Strategy).Distinct().ToList();
        if (baselines.Count != 2) throw new DocTablesException($"{name} does not hold one single-task baseline per task");
        return new FashionRun(name, RunRecord.Load(folder), results, strategies, baselines);
    }

    /// <summary>One strategy's or baseline's results, by seed.</summary>
    public IReadOnlyList<FashionResult> Of(string strategy)
    {
        var results = Results.Where(r => r.Strategy == strategy).OrderBy(r => r.Seed).ToList();
        if (results.Count != Seeds.Count) throw new DocTablesException($"{Name} has {results.Count} runs of '{strategy}' for {Seeds.Count} seeds");
        return results;
    }

    public IReadOnlyList<int> Seeds => Results.Select(r => r.Seed).Distinct().Order().ToList();
}
