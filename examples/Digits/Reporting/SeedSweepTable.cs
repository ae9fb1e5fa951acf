using System.Collections.Generic;
using System.Globalization;
using Digits.Experiments;
using Spectre.Console;

namespace Digits.Reporting;

/// <summary>The end-of-run table for several seeds: per strategy, the mean ± sample standard deviation over the seeds
/// (the time per step is the training loop's, in milliseconds).</summary>
public static class SeedSweepTable
{
    public static Table Build(IReadOnlyList<StrategyOverSeeds> strategies)
    {
        var first = strategies[0].Runs[0];
        var table = new Table()
            .Title($"Held-out test set ({first.TestCount} images), mean ± std over {strategies[0].Runs.Count} seeds")
            .AddColumn("strategy")
            .AddColumn(new TableColumn("test accuracy").RightAligned())
            .AddColumn(new TableColumn("reconstruction MSE").RightAligned())
            .AddColumn(new TableColumn("wall time").RightAligned())
            .AddColumn(new TableColumn("time per step").RightAligned());
        foreach (var strategy in strategies)
        {
            table.AddRow(
                Markup.Escape(strategy.Strategy.Name),
                Format(strategy.Accuracy, "0.0000"),
                Format(strategy.ReconstructionMse, "0.0000"),
                Format(strategy.WallTimeSeconds, "0.0") + " s",
                Milliseconds(strategy.SecondsPerStep));
        }
        return table;
    }

    private static string Milliseconds(MeanAndSpread seconds) =>
        (seconds.Mean * 1000).ToString("0.00", CultureInfo.InvariantCulture) + " ± " +
        (seconds.StandardDeviation * 1000).ToString("0.00", CultureInfo.InvariantCulture) + " ms";

    private static string Format(MeanAndSpread value, string format) =>
        value.Mean.ToString(format, CultureInfo.InvariantCulture) + " ± " + value.StandardDeviation.ToString(format, CultureInfo.InvariantCulture);
}
