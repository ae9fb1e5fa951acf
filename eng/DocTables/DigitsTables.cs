using System.Collections.Generic;
using System.Linq;

namespace DocTables;

/// <summary>Markdown tables of a recorded digits run, each followed by the line that says where its numbers come from.</summary>
public static class DigitsTables
{
    /// <summary>
    /// Per strategy the test accuracy, the reconstruction MSE, the wall time and, where the run measured it, the training
    /// loop's time per step divided by <see cref="DigitsRun.TimeReference"/>'s in the same seed.
    /// </summary>
    public static string Results(DigitsRun run, RunLink link)
    {
        var relativeTime = run.HasRelativeTime;
        string[] header = ["strategy", "test accuracy", "reconstruction MSE", "wall time"];
        var table = new MarkdownTable(relativeTime ? [.. header, $"time per step ÷ {DigitsRun.TimeReference}"] : header);
        foreach (var strategy in run.Strategies)
        {
            var results = run.Of(strategy);
            string[] cells =
            [
                strategy,
                Spread.Format(results.Select(r => r.Accuracy).ToList(), "0.0000"),
                Spread.Format(results.Select(r => r.ReconstructionMse).ToList(), "0.0000"),
                Spread.Format(results.Select(r => r.WallTimeSeconds).ToList(), "0.0") + " s",
            ];
            table.Add(relativeTime ? [.. cells, Spread.Format(RelativeTime(run, results), "0.00")] : cells);
        }
        var over = run.Seeds.Count == 1 ? $"seed {run.Seeds[0]}" : $"mean ± sample standard deviation over seeds {SeedRange(run)}";
        var time = relativeTime ? $"; the time per step is the training loop's (`secondsPerStep`), divided by {DigitsRun.TimeReference}'s in the same seed" : "";
        return table + "\n" + Source(run, link, over + time);
    }

    /// <summary>Each strategy minus <paramref name="baseline"/> on the same seed (same split, initial weights and batches).</summary>
    public static string Paired(DigitsRun run, string baseline, RunLink link)
    {
        if (!run.Strategies.Contains(baseline)) throw new DocTablesException($"{run.Name} has no strategy '{baseline}'");
        var reference = run.Of(baseline).ToDictionary(r => r.Seed);
        var table = new MarkdownTable("strategy", $"test accuracy − {baseline}", $"reconstruction MSE − {baseline}");
        foreach (var strategy in run.Strategies.Where(s => s != baseline))
        {
            var results = run.Of(strategy);
            table.Add(
                strategy,
                Spread.Format(results.Select(r => r.Accuracy - reference[r.Seed].Accuracy).ToList(), "0.0000", signed: true),
                Spread.Format(results.Select(r => r.ReconstructionMse - reference[r.Seed].ReconstructionMse).ToList(), "0.0000", signed: true));
        }
        return table + "\n" + Source(run, link, $"differences taken seed by seed, then their mean ± sample standard deviation over seeds {SeedRange(run)}");
    }

    /// <summary>The last epoch's mean weights of each strategy that reports them; "not reported" for a method whose weights are NaN.</summary>
    public static string Weights(DigitsRun run, RunLink link)
    {
        var table = new MarkdownTable("strategy", "classification weight", "reconstruction weight");
        foreach (var strategy in run.Strategies)
        {
            var results = run.Of(strategy);
            if (results.Any(r => r.Weights is null)) continue;
            table.Add(
                strategy,
                WeightCell(results.Select(r => r.Weights!.Value.Classification).ToList()),
                WeightCell(results.Select(r => r.Weights!.Value.Reconstruction).ToList()));
        }
        return table + "\n" + Source(run, link, "each run's mean effective weight over its last epoch (`lastEpochMeanWeights`)" + OverSeeds(run));
    }

    public static string TrainingLosses(DigitsRun run, RunLink link)
    {
        var table = new MarkdownTable("strategy", "classification loss", "reconstruction loss");
        foreach (var strategy in run.Strategies)
        {
            var results = run.Of(strategy);
            table.Add(
                strategy,
                Spread.Format(results.Select(r => r.LastEpochLosses.Classification).ToList(), "0.0000"),
                Spread.Format(results.Select(r => r.LastEpochLosses.Reconstruction).ToList(), "0.0000"));
        }
        return table + "\n" + Source(run, link, "each run's mean training losses over its last epoch (`lastEpochMeanLosses`)" + OverSeeds(run));
    }

    public static string Gate(DigitsRun run, RunLink link)
    {
        var table = new MarkdownTable("strategy", "seed", "steps with the gate open", "first open step");
        foreach (var result in run.Results.Where(r => r.GateOpenSteps is not null).OrderBy(r => r.Strategy).ThenBy(r => r.Seed))
        {
            var (open, first) = result.GateOpenSteps!.Value;
            table.Add(result.Strategy, result.Seed.ToString(), $"{open} of {result.Steps}", first?.ToString() ?? "never");
        }
        return table + "\n" + Source(run, link, "each run's `reconstructionGate`");
    }

    private static string WeightCell(IReadOnlyList<double> values) =>
        values.All(double.IsNaN) ? "not reported" : Spread.Format(values, "0.00");

    /// <summary>Each result's time per step divided by the time reference's in the same seed.</summary>
    private static List<double> RelativeTime(DigitsRun run, IReadOnlyList<DigitsResult> results)
    {
        var reference = run.Of(DigitsRun.TimeReference).ToDictionary(r => r.Seed);
        return results.Select(r => r.SecondsPerStep!.Value / reference[r.Seed].SecondsPerStep!.Value).ToList();
    }

    private static string Source(DigitsRun run, RunLink link, string what) =>
        $"From {link} (`{run.Record.Command}`, commit `{run.Record.Commit[..7]}`): {what}.";

    private static string OverSeeds(DigitsRun run) => run.Seeds.Count == 1 ? $", seed {run.Seeds[0]}" : $", over seeds {SeedRange(run)}";

    private static string SeedRange(DigitsRun run) => run.Seeds.Count == 1 ? run.Seeds[0].ToString() : $"{run.Seeds[0]}–{run.Seeds[^1]}";
}
