using System.Linq;
using MultiFashion.Strategies;
using NUnit.Framework;
using DigitsRegistry = Digits.Strategies.StrategyRegistry;

namespace MultiLoss.MultiFashion.Tests;

public sealed class StrategyRegistryTests
{
    /// <summary>
    /// The digits example's strategies not ported here yet: the methods added after MultiFashion, compared on the digits
    /// example only so far (docs/multifashion.md says so). A strategy added to the digits example fails the test below
    /// until it is ported or listed here.
    /// </summary>
    private static readonly string[] DigitsOnly =
    [
        "rlw", "famo", "gls", "stch", "imtl-l", "log-losses", "excessmtl",
        "mgda", "upgrad", "dualproj", "cagrad", "imtl-g", "nashmtl", "alignedmtl", "config", "gradvac",
        "upgrad-features", "graddrop", "moco", "dbmtl", "fairgrad",
    ];

    [Test]
    public void Every_strategy_of_the_digits_example_but_the_listed_ones_is_compared_here_in_the_same_order()
    {
        var digits = DigitsRegistry.Available.Select(s => s.Name).ToList();
        Assert.That(DigitsOnly, Is.SubsetOf(digits), "a listed strategy the digits example no longer has");
        Assert.That(StrategyRegistry.Available.Select(s => s.Name), Is.EqualTo(digits.Where(name => !DigitsOnly.Contains(name))));
    }

    [Test]
    public void Names_resolve_in_any_case_and_all_is_every_strategy()
    {
        Assert.That(StrategyRegistry.TryResolve("PCGrad", out var one, out _), Is.True);
        Assert.That(one!.Single().Name, Is.EqualTo("pcgrad"));
        Assert.That(StrategyRegistry.TryResolve("all", out var all, out _), Is.True);
        Assert.That(all, Is.EqualTo(StrategyRegistry.Available));
    }

    [Test]
    public void The_baselines_train_one_task_each_and_the_strategies_both()
    {
        Assert.That(StrategyRegistry.Baselines.Select(s => s.Tasks), Is.EqualTo(new[] { TrainedTasks.LeftOnly, TrainedTasks.RightOnly }));
        Assert.That(StrategyRegistry.Available.Select(s => s.Tasks), Is.All.EqualTo(TrainedTasks.Both));
    }
}
