using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using MultiLoss;

namespace MultiFashion.Strategies;

/// <summary>
/// Every multi-task strategy the benchmark compares, by its command-line name (the digits example's strategies, adapted
/// to two classification tasks), and the two single-task baselines that every comparison also trains.
/// </summary>
public static class StrategyRegistry
{
    /// <summary>The <c>--strategy</c> value that runs every strategy.</summary>
    public const string AllName = "all";

    /// <summary>The strategy other strategies' time per step is divided by.</summary>
    public const string TimeReference = "weighted";

    public static IReadOnlyList<Strategy> Available { get; } =
    [
        new("weighted", "one backward of 0.75·left + 0.25·right", TrainedTasks.Both, (net, optimizer, _) => new WeightedTrainer(net, optimizer)),
        new("sum", "one backward of left + right", TrainedTasks.Both, (net, optimizer, _) => new SumTrainer(net, optimizer)),
        new("separate", "0.75·left and 0.25·right declared with a backward each, run as one backward of their sum", TrainedTasks.Both, (net, optimizer, _) => new SeparateTrainer(net, optimizer)),
        new("gated", string.Create(CultureInfo.InvariantCulture, $"left, joined by right in steps where the left loss < {GatedTrainer.Threshold}"), TrainedTasks.Both, (net, optimizer, _) => new GatedTrainer(net, optimizer)),
        new("phased", "left alone for the first quarter of the steps, then left + right", TrainedTasks.Both, (net, optimizer, totalSteps) => new PhasedTrainer(net, optimizer, totalSteps)),
        new("uncertainty", "one backward of Σ ½·e^(−s_i)·loss_i + ½·s_i, learnable log-variances s_i (Kendall et al. 2018)", TrainedTasks.Both, (net, optimizer, _) => new WeightingTrainer(net, optimizer, new UncertaintyWeightingAttribute())),
        new("dwa", "one backward of λ_l·left + λ_r·right; λ = 1 for two epochs, then 2·softmax(r/2), r_i = loss i's last epoch mean over the one before (Liu et al. 2019)", TrainedTasks.Both, (net, optimizer, _) => new WeightingTrainer(net, optimizer, new DynamicWeightAverageAttribute())),
        new("gradnorm", "one backward of w_l·left + w_r·right, w learned to balance the gradient norms at the body's last layer, α = 1.5 (Chen et al. 2018)", TrainedTasks.Both, (net, optimizer, _) => new WeightingTrainer(net, optimizer, new GradNormAttribute())),
        new("pcgrad", "left + right, conflicting gradients at the shared body projected apart before summing (Yu et al. 2020)", TrainedTasks.Both, (net, optimizer, _) => new PCGradTrainer(net, optimizer)),
    ];

    /// <summary>The single-task baselines Δm% is measured against: left first, then right.</summary>
    public static IReadOnlyList<Strategy> Baselines { get; } =
    [
        new("single-left", "the left item's class alone, same network and budget", TrainedTasks.LeftOnly, (net, optimizer, _) => new SingleLeftTrainer(net, optimizer)),
        new("single-right", "the right item's class alone, same network and budget", TrainedTasks.RightOnly, (net, optimizer, _) => new SingleRightTrainer(net, optimizer)),
    ];

    /// <summary>Resolves a <c>--strategy</c> value: one strategy's name, or <see cref="AllName"/> for every one.</summary>
    /// <param name="problem">When it fails: one sentence saying what is wrong and what to pass instead.</param>
    public static bool TryResolve(string name, [NotNullWhen(true)] out IReadOnlyList<Strategy>? strategies, [NotNullWhen(false)] out string? problem)
    {
        strategies = null;
        problem = null;
        if (Matches(AllName, name))
        {
            strategies = Available;
            return true;
        }
        foreach (var strategy in Available)
        {
            if (!Matches(strategy.Name, name)) continue;
            strategies = [strategy];
            return true;
        }
        var baseline = Matches(Baselines[0].Name, name) || Matches(Baselines[1].Name, name)
            ? $"'{name}' is a single-task baseline, which every run trains; "
            : $"unknown strategy '{name}'; ";
        problem = baseline + $"use one of: {ChoiceList()}";
        return false;
    }

    public static string ChoiceList()
    {
        var names = new List<string>(Available.Count + 1);
        foreach (var strategy in Available) names.Add(strategy.Name);
        names.Add(AllName);
        return string.Join(", ", names);
    }

    private static bool Matches(string strategyName, string asked) => string.Equals(strategyName, asked, StringComparison.OrdinalIgnoreCase);
}
