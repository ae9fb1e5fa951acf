using System.IO;
using System.Linq;

namespace DocTables;

/// <summary>
/// Every case of a recorded benchmark run's BenchmarkDotNet report(s), as BenchmarkDotNet printed its mean, standard
/// deviation, ratio and allocated bytes: for runs whose cases are not hand and generated train steps (the loop analyzers,
/// the methods). A case run at several model sizes names its size, one run at several loss counts or widths those.
/// </summary>
public static class BenchmarkCasesTable
{
    public static string Render(string root, string name, RunLink link)
    {
        var folder = Path.Combine(root, name);
        if (!Directory.Exists(folder)) throw new DocTablesException($"the run folder {name} does not exist");
        var reports = Directory.GetFiles(folder, BenchmarkRun.ReportPattern).Order().ToList();
        if (reports.Count == 0) throw new DocTablesException($"{name} holds no BenchmarkDotNet report ({BenchmarkRun.ReportPattern}); is it a benchmark run?");

        var table = new MarkdownTable("case", "mean", "standard deviation", "ratio to the baseline", "allocated");
        foreach (var csv in reports.Select(CsvTable.Load))
        {
            foreach (var row in csv.Rows)
            {
                var size = csv.Has("Size") ? $" ({csv.Value(row, "Size").ToLowerInvariant()} model)" : string.Empty;
                var losses = csv.Has("LossCount") ? $" (K = {csv.Value(row, "LossCount")})" : string.Empty;
                var width = csv.Has("Width") ? $" ({csv.Value(row, "Width")} width)" : string.Empty;
                table.Add($"`{csv.Value(row, "Method")}`{size}{losses}{width}", csv.Value(row, "Mean"), csv.Value(row, "StdDev"), csv.Value(row, "Ratio"), csv.Value(row, "Allocated"));
            }
        }
        var record = RunRecord.Load(folder);
        return table + "\n" + $"From {link} (`{record.Command}`, commit `{record.Commit[..7]}`): each case as BenchmarkDotNet reported it.";
    }
}
