using System.Collections.Generic;
using System.Linq;

namespace DocTables;

/// <summary>Markdown tables of a recorded digits run, each followed by the line that says where its numbers come from.</summary>
public static class DigitsTables
{
    public static string Results(DigitsRun run, RunLink link)
    {
        var table = new MarkdownTable("strategy", "test accuracy", "reconstruction MSE", "wall time");
        foreach (var strategy in run.Strategies)
        {
            var results = run.Of(strategy);
            table.Add(
                strategy,
                Spread.Format(results.Select(r => r.Accuracy).ToList(), "0.0000"),
                Spread.Format(results.Select(r => r.ReconstructionMse).ToList(), "0.0000"),
                Spread.Format(results.Select(r => r.WallTimeSeconds).ToList(), "0.0") + " s");
        }
        return table + "\n" + Source(run, link, run.Seeds.Count == 1 ? $"seed {run.Seeds[0]}" : $"mean ± sample standard deviation over seeds {SeedRange(run)}");
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

    public static string Weights(DigitsRun run, RunLink link)
    {
        var table = new MarkdownTable("strategy", "classification weight", "reconstruction weight");
        foreach (var strategy in run.Strategies)
        {
            var results = run.Of(strategy);
            if (results.Any(r => r.Weights is null)) continue;
            table.Add(
                strategy,
                Spread.Format(results.Select(r => r.Weights!.Value.Classification).ToList(), "0.00"),
                Spread.Format(results.Select(r => r.Weights!.Value.Reconstruction).ToList(), "0.00"));
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

    private static string Source(DigitsRun run, RunLink link, string what) =>
        $"From {link} (`{run.Record.Command}`, commit `{run.Record.Commit[..7]}`): {what}.";

    private static string OverSeeds(DigitsRun run) => run.Seeds.Count == 1 ? $", seed {run.Seeds[0]}" : $", over seeds {SeedRange(run)}";

    private static string SeedRange(DigitsRun run) => run.Seeds.Count == 1 ? run.Seeds[0].ToString() : $"{run.Seeds[0]}–{run.Seeds[^1]}";
}
