using System.Collections.Generic;
using System.Globalization;
using Digits.Experiments;
using Spectre.Console;

namespace Digits.Reporting;

/// <summary>The end-of-run table: one row per strategy with its test accuracy, reconstruction MSE, wall time and the
/// training loop's time per step.</summary>
public static class ResultsTable
{
    public static Table Build(IReadOnlyList<RunResult> results)
    {
        var testCount = results.Count == 0 ? 0 : results[0].TestCount;
        var table = new Table()
            .Title($"Held-out test set ({testCount} images)")
            .AddColumn("strategy")
            .AddColumn(new TableColumn("test accuracy").RightAligned())
            .AddColumn(new TableColumn("reconstruction MSE").RightAligned())
            .AddColumn(new TableColumn("wall time").RightAligned())
            .AddColumn(new TableColumn("time per step").RightAligned());
        foreach (var result in results)
        {
            table.AddRow(
                Markup.Escape(result.Strategy.Name),
                result.Metrics.Accuracy.ToString("0.0000", CultureInfo.InvariantCulture),
                result.Metrics.ReconstructionMse.ToString("0.0000", CultureInfo.InvariantCulture),
                result.WallTime.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s",
                (result.SecondsPerStep * 1000).ToString("0.00", CultureInfo.InvariantCulture) + " ms");
        }
        return table;
    }
}
