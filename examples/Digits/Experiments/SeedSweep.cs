using System.Collections.Generic;
using System.Linq;

namespace Digits.Experiments;

/// <summary>
/// Several seeds of the same runs (<c>--seeds</c>): where each seed's files go, and each strategy's results over the
/// seeds as a mean and a standard deviation.
/// </summary>
public static class SeedSweep
{
    /// <summary>The combined summary, written into the output folder next to the seeds' folders.</summary>
    public const string SummaryFileName = "seeds-summary.json";

    public static IEnumerable<int> Seeds(int first, int count) => Enumerable.Range(0, count).Select(i => first + i);

    public static string FolderName(int seed) => $"seed-{seed}";

    /// <summary>Groups <paramref name="runs"/> by strategy, in the order the strategies first ran.</summary>
    public static IReadOnlyList<StrategyOverSeeds> Summarize(IReadOnlyList<RunResult> runs) =>
        runs.GroupBy(r => r.Strategy.Name)
            .Select(group => StrategyOverSeeds.Of(group.ToList()))
            .ToList();
}
