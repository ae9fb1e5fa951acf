using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace DocTables;

/// <summary>
/// A recorded benchmark run under docs/runs/ (eng/record-benchmark-run.sh): its record and every case of its
/// BenchmarkDotNet CSV report(s) (<c>*-report.csv</c>), in the order the reports list them.
/// </summary>
public sealed record BenchmarkRun(string Name, RunRecord Record, IReadOnlyList<BenchmarkCase> Cases)
{
    public const string ReportPattern = "*-report.csv";

    public static BenchmarkRun Load(string root, string name)
    {
        var folder = Path.Combine(root, name);
        if (!Directory.Exists(folder)) throw new DocTablesException($"the run folder {name} does not exist");
        var reports = Directory.GetFiles(folder, ReportPattern).Order().ToList();
        if (reports.Count == 0) throw new DocTablesException($"{name} holds no BenchmarkDotNet report ({ReportPattern}); is it a benchmark run?");
        var cases = reports.SelectMany(Read).ToList();
        return new BenchmarkRun(name, RunRecord.Load(folder), cases);
    }

    /// <summary>The categories and sizes in the order the report lists them, each with its baseline (hand) and generated case.</summary>
    public IReadOnlyList<(string Category, string Size, BenchmarkCase Hand, BenchmarkCase? Generated)> Pairs() =>
        Cases.GroupBy(c => (c.Category, c.Size))
            .Select(g =>
            {
                var hand = g.Where(c => !c.IsGenerated).ToList();
                var generated = g.Where(c => c.IsGenerated).ToList();
                if (hand.Count != 1 || generated.Count > 1)
                {
                    throw new DocTablesException($"{Name}: {g.Key.Category} ({g.Key.Size}) has {hand.Count} hand and {generated.Count} generated cases, not one and at most one");
                }
                return (g.Key.Category, g.Key.Size, hand[0], generated.FirstOrDefault());
            })
            .ToList();

    private static IEnumerable<BenchmarkCase> Read(string path)
    {
        var csv = CsvTable.Load(path);
        return csv.Rows.Select(row => new BenchmarkCase(
            csv.Value(row, "Method"),
            csv.Value(row, "Categories"),
            csv.Value(row, "Size"),
            BenchmarkCase.Microseconds(csv.Value(row, "Mean")),
            BenchmarkCase.Microseconds(csv.Value(row, "StdDev")),
            BenchmarkCase.Number(csv.Value(row, "Ratio")),
            BenchmarkCase.Number(csv.Value(row, "RatioSD")),
            BenchmarkCase.Bytes(csv.Value(row, "Allocated")),
            BenchmarkCase.Bytes(csv.Value(row, "B/step")),
            BenchmarkCase.Bytes(csv.Value(row, "Glue"))));
    }
}
