using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;

namespace Digits.Strategies;

/// <summary>Every strategy the example knows, by its command-line name. Adding one is one line here.</summary>
public static class StrategyRegistry
{
    /// <summary>The <c>--strategy</c> value that runs every available strategy.</summary>
    public const string AllName = "all";

    public static IReadOnlyList<Strategy> All { get; } =
    [
        new("weighted", "one backward of 1.0·classification + 0.5·reconstruction", (net, optimizer) => new WeightedTrainer(net, optimizer)),
        new("sum", "one backward of classification + reconstruction", (net, optimizer) => new SumTrainer(net, optimizer)),
        Strategy.Planned("separate", "one backward per loss"),
        Strategy.Planned("gated", "reconstruction only once classification falls below a threshold"),
        Strategy.Planned("phased", "weighted sum first, then separate backward"),
    ];

    public static IReadOnlyList<Strategy> Available => All.Where(s => s.IsAvailable).ToList();

    /// <summary>Resolves a <c>--strategy</c> value: one strategy's name, or <see cref="AllName"/> for every available one.</summary>
    /// <param name="problem">When it fails: one sentence saying what is wrong and what to pass instead.</param>
    public static bool TryResolve(string name, [NotNullWhen(true)] out IReadOnlyList<Strategy>? strategies, [NotNullWhen(false)] out string? problem)
    {
        var choices = string.Join(", ", Available.Select(s => s.Name).Append(AllName));
        strategies = null;
        problem = null;
        if (string.Equals(name, AllName, StringComparison.OrdinalIgnoreCase))
        {
            strategies = Available;
            return true;
        }
        var strategy = All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
        if (strategy is null)
        {
            problem = $"unknown strategy '{name}'; use one of: {choices}";
            return false;
        }
        if (!strategy.IsAvailable)
        {
            problem = $"strategy '{strategy.Name}' ({strategy.Description}) is not available yet; use one of: {choices}";
            return false;
        }
        strategies = [strategy];
        return true;
    }
}
