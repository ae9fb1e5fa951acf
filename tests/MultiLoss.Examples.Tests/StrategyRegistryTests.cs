using System.Globalization;
using System.Linq;
using Digits.Model;
using Digits.Strategies;
using MultiLoss.Runtime;
using NUnit.Framework;
using TorchSharp;

namespace MultiLoss.Examples.Tests;

public sealed class StrategyRegistryTests
{
    [TestCase("weighted")]
    [TestCase("Sum")]
    [TestCase("separate")]
    [TestCase("Gated")]
    [TestCase("PHASED")]
    [TestCase("uncertainty")]
    [TestCase("DWA")]
    [TestCase("GradNorm")]
    [TestCase("pcgrad")]
    public void ResolvesAnAvailableStrategyByName(string name)
    {
        Assert.That(StrategyRegistry.TryResolve(name, out var strategies, out var problem), Is.True, problem);

        Assert.That(strategies!.Single().Name, Is.EqualTo(name.ToLowerInvariant()));
    }

    [Test]
    public void AllMeansEveryAvailableStrategyInRegistryOrder()
    {
        Assert.That(StrategyRegistry.TryResolve("all", out var strategies, out _), Is.True);

        Assert.That(strategies!.Select(s => s.Name), Is.EqualTo(new[] { "weighted", "sum", "separate", "gated", "phased", "uncertainty", "dwa", "gradnorm", "pcgrad" }));
    }

    [Test]
    public void EverySeedStrategyIsAvailableAndNoneIsPlanned()
    {
        Assert.That(StrategyRegistry.Planned, Is.Empty);
        Assert.That(StrategyRegistry.Available.Select(s => s.Name), Is.SupersetOf(new[] { "separate", "gated", "phased" }));
    }

    [Test]
    public void APlannedStrategyIsAProblemThatSaysItIsNotAvailableYet()
    {
        var available = StrategyRegistry.Available.Take(2).ToList();
        PlannedStrategy[] planned = [new("fancy", "something new")];

        Assert.That(StrategyRegistry.TryResolve("Fancy", available, planned, out _, out var problem), Is.False);

        Assert.That(problem, Is.EqualTo("strategy 'fancy' (something new) is not available yet; use one of: weighted, sum, all"));
    }

    [Test]
    public void GatedDescriptionNamesTheThreshold()
    {
        Assert.That(StrategyRegistry.Available.Single(s => s.Name == "gated").Description,
            Does.EndWith("classification < " + GatedTrainer.Threshold.ToString(CultureInfo.InvariantCulture)));
    }

    [Test]
    public void UnknownNameIsAProblemThatListsTheChoices()
    {
        Assert.That(StrategyRegistry.TryResolve("nope", out _, out var problem), Is.False);

        Assert.That(problem, Is.EqualTo("unknown strategy 'nope'; use one of: weighted, sum, separate, gated, phased, uncertainty, dwa, gradnorm, pcgrad, all"));
    }

    [Test]
    public void OnlyDwaIsToldWhenAnEpochEnds()
    {
        TorchNative.EnsureAvailable();
        using var net = new DigitsNet();
        using var optimizer = torch.optim.Adam(net.parameters(), 0.01);

        var epochAware = StrategyRegistry.Available.Where(s =>
        {
            using var trainer = s.CreateTrainer(net, optimizer, totalSteps: 10);
            return trainer is IEpochAwareTrainer;
        }).Select(s => s.Name);

        Assert.That(epochAware, Is.EqualTo(new[] { "dwa" }));
    }

    [Test]
    public void NamesAreUnique()
    {
        var names = StrategyRegistry.Available.Select(s => s.Name).Concat(StrategyRegistry.Planned.Select(s => s.Name)).Append(StrategyRegistry.AllName);

        Assert.That(names, Is.Unique);
    }
}
