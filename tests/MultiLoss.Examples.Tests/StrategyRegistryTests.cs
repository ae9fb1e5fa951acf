using System.Linq;
using Digits.Strategies;
using NUnit.Framework;

namespace MultiLoss.Examples.Tests;

public sealed class StrategyRegistryTests
{
    [TestCase("weighted")]
    [TestCase("Sum")]
    public void ResolvesAnAvailableStrategyByName(string name)
    {
        Assert.That(StrategyRegistry.TryResolve(name, out var strategies, out var problem), Is.True, problem);

        Assert.That(strategies!.Single().Name, Is.EqualTo(name.ToLowerInvariant()));
    }

    [Test]
    public void AllMeansEveryAvailableStrategyInRegistryOrder()
    {
        Assert.That(StrategyRegistry.TryResolve("all", out var strategies, out _), Is.True);

        Assert.That(strategies!.Select(s => s.Name), Is.EqualTo(new[] { "weighted", "sum" }));
    }

    [Test]
    public void PlannedStrategiesAreNamedButNotAvailable()
    {
        Assert.That(StrategyRegistry.Planned.Select(s => s.Name), Is.EquivalentTo(new[] { "separate", "gated", "phased" }));
        Assert.That(StrategyRegistry.TryResolve("phased", out _, out var problem), Is.False);
        Assert.That(problem, Does.Contain("not available yet").And.Contain("weighted, sum, all"));
    }

    [Test]
    public void UnknownNameIsAProblemThatListsTheChoices()
    {
        Assert.That(StrategyRegistry.TryResolve("nope", out _, out var problem), Is.False);

        Assert.That(problem, Is.EqualTo("unknown strategy 'nope'; use one of: weighted, sum, all"));
    }

    [Test]
    public void NamesAreUnique()
    {
        var names = StrategyRegistry.Available.Select(s => s.Name).Concat(StrategyRegistry.Planned.Select(s => s.Name)).Append(StrategyRegistry.AllName);

        Assert.That(names, Is.Unique);
    }
}
