using System.Globalization;
using Digits.Experiments;
using MultiFashion.Experiments;
using MultiFashion.Strategies;
using Spectre.Console;

namespace MultiFashion.Reporting;

/// <summary>
/// The end-of-run table: the two baselines, then each strategy's test accuracies, Δm% and time per step, as
/// mean ± sample standard deviation over the seeds (the value alone for one seed).
/// </summary>
public static class ComparisonTable
{
    /// <summary>The columns the table needs with several seeds.</summary>
    public const int Width = 110;

    public static Table Build(Comparison comparison)
    {
        var first = comparison.Seeds[0].SingleLeft;
        var seeds = comparison.Seeds.Count;
        var table = new Table()
            .Title(seeds == 1
                ? $"MultiFashion test set ({first.TestCount} samples), seed {comparison.Seeds[0].Seed}"
                : $"MultiFashion test set ({first.TestCount} samples), mean ± std over {seeds} seeds")
            .AddColumn("strategy")
            .AddColumn(new TableColumn("left accuracy").RightAligned())
            .AddColumn(new TableColumn("right accuracy").RightAligned())
            .AddColumn(new TableColumn("Δm%").RightAligned())
            .AddColumn(new TableColumn("ms per step").RightAligned())
            .AddColumn(new TableColumn($"÷ {StrategyRegistry.TimeReference}").RightAligned());
        var baselines = comparison.Baselines;
        table.AddRow(StrategyRegistry.Baselines[0].Name, Format(baselines.LeftAccuracy, "0.0000"), "", "", Milliseconds(baselines.LeftSecondsPerStep), "");
        table.AddRow(StrategyRegistry.Baselines[1].Name, "", Format(baselines.RightAccuracy, "0.0000"), "", Milliseconds(baselines.RightSecondsPerStep), "");
        foreach (var strategy in comparison.Strategies)
        {
            table.AddRow(
                Markup.Escape(strategy.Strategy.Name),
                Format(strategy.LeftAccuracy, "0.0000"),
                Format(strategy.RightAccuracy, "0.0000"),
                Format(strategy.DeltaMPercent, "+0.00;-0.00;0.00"),
                Milliseconds(strategy.SecondsPerStep),
                strategy.RelativeTimePerStep is { } relative ? Format(relative, "0.00") : "");
        }
        return table;
    }

    private static string Milliseconds(MeanAndSpread seconds) =>
        Format(new MeanAndSpread(seconds.Mean * 1000, seconds.StandardDeviation * 1000, seconds.Values), "0.0");

    private static string Format(MeanAndSpread value, string format) =>
        value.Values.Count == 1
            ? value.Mean.ToString(format, CultureInfo.InvariantCulture)
            : value.Mean.ToString(format, CultureInfo.InvariantCulture) + " ± " + value.StandardDeviation.ToString(format.Split(';')[^1], CultureInfo.InvariantCulture);
}
