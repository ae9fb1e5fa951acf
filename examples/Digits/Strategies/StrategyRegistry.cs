using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;

namespace Digits.Strategies;

/// <summary>
/// Every strategy the example knows, by its command-line name. Adding one is one line in
/// <see cref="Available"/> (and dropping it from <see cref="Planned"/>, if it was there).
/// </summary>
public static class StrategyRegistry
{
    /// <summary>The <c>--strategy</c> value that runs every available strategy.</summary>
    public const string AllName = "all";

    public static IReadOnlyList<Strategy> Available { get; } =
    [
        new("weighted", "one backward of 1.0·classification + 0.5·reconstruction", (net, optimizer, _) => new WeightedTrainer(net, optimizer)),
        new("sum", "one backward of classification + reconstruction", (net, optimizer, _) => new SumTrainer(net, optimizer)),
        new("separate", "1.0·classification and 0.5·reconstruction declared with a backward each, run as one backward of their sum", (net, optimizer, _) => new SeparateTrainer(net, optimizer)),
        new("gated", string.Create(CultureInfo.InvariantCulture, $"1.0·classification, joined by 0.5·reconstruction in steps where classification < {GatedTrainer.Threshold}"), (net, optimizer, _) => new GatedTrainer(net, optimizer)),
        new("phased", "0.5·reconstruction alone for the first quarter of the steps, then both (separate backward, run as one backward of their sum)", (net, optimizer, totalSteps) => new PhasedTrainer(net, optimizer, totalSteps)),
        new("uncertainty", "one backward of Σ ½·e^(−s_i)·loss_i + ½·s_i, learnable log-variances s_i (Kendall et al. 2018)", (net, optimizer, _) => new UncertaintyTrainer(net, optimizer)),
        new("dwa", "one backward of λ_c·classification + λ_r·reconstruction; λ = 1 for two epochs, then 2·softmax(r/2), r_i = loss i's last epoch mean over the one before (Liu et al. 2019)", (net, optimizer, _) => new DwaTrainer(net, optimizer)),
        new("gradnorm", "one backward of w_c·classification + w_r·reconstruction, w learned to balance the gradient norms at the shared body, α = 1.5 (Chen et al. 2018)", (net, optimizer, _) => new GradNormTrainer(net, optimizer)),
        new("pcgrad", "1.0·classification and 0.5·reconstruction, conflicting gradients at the shared body projected apart before summing (Yu et al. 2020)", (net, optimizer, _) => new PcGradTrainer(net, optimizer)),
    ];

    /// <summary>Strategies the example will offer once the generator supports them; asking for one explains that. None at the moment.</summary>
    public static IReadOnlyList<PlannedStrategy> Planned { get; } = [];

    /// <summary>Resolves a <c>--strategy</c> value: one strategy's name, or <see cref="AllName"/> for every available one.</summary>
    /// <param name="problem">When it fails: one sentence saying what is wrong and what to pass instead.</param>
    public static bool TryResolve(string name, [NotNullWhen(true)] out IReadOnlyList<Strategy>? strategies, [NotNullWhen(false)] out string? problem) =>
        TryResolve(name, Available, Planned, out strategies, out problem);

    /// <summary><see cref="TryResolve(string, out IReadOnlyList{Strategy}?, out string?)"/> over given lists (for tests).</summary>
    internal static bool TryResolve(
        string name, IReadOnlyList<Strategy> available, IReadOnlyList<PlannedStrategy> planned,
        [NotNullWhen(true)] out IReadOnlyList<Strategy>? strategies, [NotNullWhen(false)] out string? problem)
    {
        strategies = null;
        problem = null;
        if (Matches(AllName, name))
        {
            strategies = available;
            return true;
        }
        if (available.FirstOrDefault(s => Matches(s.Name, name)) is { } strategy)
        {
            strategies = [strategy];
            return true;
        }
        var choices = string.Join(", ", available.Select(s => s.Name).Append(AllName));
        problem = planned.FirstOrDefault(s => Matches(s.Name, name)) is { } plannedStrategy
            ? $"strategy '{plannedStrategy.Name}' ({plannedStrategy.Description}) is not available yet; use one of: {choices}"
            : $"unknown strategy '{name}'; use one of: {choices}";
        return false;
    }

    private static bool Matches(string strategyName, string asked) => string.Equals(strategyName, asked, StringComparison.OrdinalIgnoreCase);
}
