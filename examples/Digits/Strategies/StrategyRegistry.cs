using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;

namespace Digits.Strategies;

/// <summary>
/// Every strategy the example knows, by its command-line name. Adding one is one line in
/// <see cref="Available"/> (and dropping it from <see cref="Planned"/>).
/// </summary>
public static class StrategyRegistry
{
    /// <summary>The <c>--strategy</c> value that runs every available strategy.</summary>
    public const string AllName = "all";

    public static IReadOnlyList<Strategy> Available { get; } =
    [
        new("weighted", "one backward of 1.0·classification + 0.5·reconstruction", (net, optimizer) => new WeightedTrainer(net, optimizer)),
        new("sum", "one backward of classification + reconstruction", (net, optimizer) => new SumTrainer(net, optimizer)),
    ];

    public static IReadOnlyList<PlannedStrategy> Planned { get; } =
    [
        new("separate", "one backward per loss"),
        new("gated", "reconstruction only once classification falls below a threshold"),
        new("phased", "weighted sum first, then separate backward"),
    ];

    /// <summary>Resolves a <c>--strategy</c> value: one strategy's name, or <see cref="AllName"/> for every available one.</summary>
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
        if (Available.FirstOrDefault(s => Matches(s.Name, name)) is { } strategy)
        {
            strategies = [strategy];
            return true;
        }
        var choices = string.Join(", ", Available.Select(s => s.Name).Append(AllName));
        problem = Planned.FirstOrDefault(s => Matches(s.Name, name)) is { } planned
            ? $"strategy '{planned.Name}' ({planned.Description}) is not available yet; use one of: {choices}"
            : $"unknown strategy '{name}'; use one of: {choices}";
        return false;
    }

    private static bool Matches(string strategyName, string asked) => string.Equals(strategyName, asked, StringComparison.OrdinalIgnoreCase);
}
