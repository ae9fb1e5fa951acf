using System.Collections.Generic;
using MultiFashion.Evaluation;

namespace MultiFashion.Experiments;

/// <summary>One seed's runs: the two single-task baselines and each multi-task strategy, on the same data.</summary>
public sealed record SeedResults(int Seed, RunResult SingleLeft, RunResult SingleRight, IReadOnlyList<RunResult> Strategies)
{
    /// <summary>The baselines' accuracies, each on the task it was trained for: the M^STL of Δm%.</summary>
    public TaskAccuracies SingleTask => new(SingleLeft.Accuracies.Left, SingleRight.Accuracies.Right);

    public double DeltaMPercent(RunResult run) => DeltaM.OfAccuracies(run.Accuracies, SingleTask);
}
