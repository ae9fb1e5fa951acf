using System.Collections.Generic;
using System.Linq;

namespace DocTables;

/// <summary>Markdown tables of a recorded MultiFashion run, each followed by the line that says where its numbers come from.</summary>
public static class FashionTables
{
    /// <summary>
    /// The baselines' accuracies, then per strategy both accuracies, Δm% and the time per step divided by the weighted
    /// strategy's in the same seed.
    /// </summary>
    public static string Results(FashionRun run, RunLink link)
    {
        var table = new MarkdownTable("strategy", "left accuracy", "right accuracy", "Δm%", $"time per step ÷ {FashionRun.TimeReference}");
        foreach (var baseline in run.Baselines)
        {
            var results = run.Of(baseline);
            table.Add(
                baseline,
                results[0].LeftAccuracy is null ? "" : Spread.Format(results.Select(r => r.LeftAccuracy!.Value).ToList(), "0.0000"),
                results[0].RightAccuracy is null ? "" : Spread.Format(results.Select(r => r.RightAccuracy!.Value).ToList(), "0.0000"),
                "", "");
        }
        var hasReference = run.Strategies.Contains(FashionRun.TimeReference);
        foreach (var strategy in run.Strategies)
        {
            var results = run.Of(strategy);
            table.Add(
                strategy,
                Spread.Format(results.Select(r => r.LeftAccuracy!.Value).ToList(), "0.0000"),
                Spread.Format(results.Select(r => r.RightAccuracy!.Value).ToList(), "0.0000"),
                Spread.Format(results.Select(r => r.DeltaMPercent!.Value).ToList(), "0.00", signed: true),
                hasReference ? Spread.Format(RelativeTime(run, results), "0.00") : "");
        }
        return table + "\n" + Source(run, link,
            (run.Seeds.Count == 1 ? $"seed {run.Seeds[0]}" : $"mean ± sample standard deviation over seeds {SeedRange(run)}") +
            "; Δm% and the time ratio are taken seed by seed, against the same seed's baselines and weighted run");
    }

    /// <summary>Each strategy minus <paramref name="baseline"/> on the same seed (same data, initial weights and batches).</summary>
    public static string Paired(FashionRun run, string baseline, RunLink link)
    {
        if (!run.Strategies.Contains(baseline)) throw new DocTablesException($"{run.Name} has no strategy '{baseline}'");
        var reference = run.Of(baseline).ToDictionary(r => r.Seed);
        var table = new MarkdownTable("strategy", $"left accuracy − {baseline}", $"right accuracy − {baseline}", $"Δm% − {baseline}");
        foreach (var strategy in run.Strategies.Where(s => s != baseline))
        {
            var results = run.Of(strategy);
            table.Add(
                strategy,
                Spread.Format(results.Select(r => r.LeftAccuracy!.Value - reference[r.Seed].LeftAccuracy!.Value).ToList(), "0.0000", signed: true),
                Spread.Format(results.Select(r => r.RightAccuracy!.Value - reference[r.Seed].RightAccuracy!.Value).ToList(), "0.0000", signed: true),
                Spread.Format(results.Select(r => r.DeltaMPercent!.Value - reference[r.Seed].DeltaMPercent!.Value).ToList(), "0.00", signed: true));
        }
        return table + "\n" + Source(run, link, $"differences taken seed by seed, then their mean ± sample standard deviation over seeds {SeedRange(run)}");
    }

    /// <summary>The adaptive strategies' mean weights over the last epoch, and how often the gated strategy's gate was open.</summary>
    public static string Weights(FashionRun run, RunLink link)
    {
        var table = new MarkdownTable("strategy", "left weight", "right weight", "steps with the gate open");
        foreach (var strategy in run.Strategies)
        {
            var results = run.Of(strategy);
            if (results.All(r => r.Weights is not null))
            {
                table.Add(
                    strategy,
                    Spread.Format(results.Select(r => r.Weights!.Value.Left).ToList(), "0.00"),
                    Spread.Format(results.Select(r => r.Weights!.Value.Right).ToList(), "0.00"),
                    "");
            }
            else if (results.All(r => r.GateOpenSteps is not null))
            {
                table.Add(strategy, "", "", Spread.Format(results.Select(r => (double)r.GateOpenSteps!.Value).ToList(), "0") + $" of {results[0].Steps}");
            }
        }
        return table + "\n" + Source(run, link, "each run's mean effective weights over its last epoch (`lastEpochMeanWeights`) and `rightGateOpenSteps`" +
            (run.Seeds.Count == 1 ? $", seed {run.Seeds[0]}" : $", over seeds {SeedRange(run)}"));
    }

    private static List<double> RelativeTime(FashionRun run, IReadOnlyList<FashionResult> results)
    {
        var reference = run.Of(FashionRun.TimeReference).ToDictionary(r => r.Seed);
        return results.Select(r => r.SecondsPerStep / reference[r.Seed].SecondsPerStep).ToList();
    }

    private static string Source(FashionRun run, RunLink link, string what) =>
        $"From {link} (`{run.Record.Command}`, commit `{run.Record.Commit[..7]}`): {what}.";

    private static string SeedRange(FashionRun run) => run.Seeds.Count == 1 ? run.Seeds[0].ToString() : $"{run.Seeds[0]}–{run.Seeds[^1]}";
}
