using System.Linq;
using MultiFashion.Strategies;
using NUnit.Framework;
using DigitsRegistry = Digits.Strategies.StrategyRegistry;

namespace MultiLoss.MultiFashion.Tests;

public sealed class StrategyRegistryTests
{
    [Test]
    public void Every_strategy_of_the_digits_example_is_compared_here_in_the_same_order() =>
        Assert.That(StrategyRegistry.Available.Select(s => s.Name), Is.EqualTo(DigitsRegistry.Available.Select(s => s.Name)));

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
