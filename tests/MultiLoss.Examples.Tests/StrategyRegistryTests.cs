using System.Collections.Generic;
using System.Reflection;
using System;
using System.Globalization;
using System.Linq;
using Digits.Model;
using Digits.Strategies;
using Digits.Training;
using MultiLoss.Runtime;
using NUnit.Framework;
using TorchSharp;

namespace MultiLoss.Examples.Tests;

public sealed class StrategyRegistryTests
{
    private static readonly string[] AllNames =
    [
        "weighted", "sum", "separate", "gated", "phased", "uncertainty", "dwa", "gradnorm", "pcgrad",
        "rlw", "famo", "gls", "stch", "imtl-l", "log-losses", "excessmtl",
        "mgda", "upgrad", "dualproj", "cagrad", "imtl-g", "nashmtl", "alignedmtl", "config", "gradvac", "upgrad-features", "graddrop", "moco", "dbmtl", "fairgrad",
    ];

    /// <summary>
    /// Method attributes of the runtime that Digits does not offer as a strategy, each with the reason. Empty: every
    /// method is compared. A method added to the runtime fails <see cref="EveryMethodOfTheRuntimeIsAStrategy"/> until it
    /// gets a trainer and a registry line, or a line here saying why not.
    /// </summary>
    private static readonly Type[] MethodsWithoutAStrategy = [];

    [TestCase("weighted")]
    [TestCase("Sum")]
    [TestCase("separate")]
    [TestCase("Gated")]
    [TestCase("PHASED")]
    [TestCase("uncertainty")]
    [TestCase("DWA")]
    [TestCase("GradNorm")]
    [TestCase("pcgrad")]
    [TestCase("IMTL-L")]
    [TestCase("log-losses")]
    [TestCase("NashMtl")]
    [TestCase("dbmtl")]
    public void ResolvesAnAvailableStrategyByName(string name)
    {
        Assert.That(StrategyRegistry.TryResolve(name, out var strategies, out var problem), Is.True, problem);

        Assert.That(strategies!.Single().Name, Is.EqualTo(name.ToLowerInvariant()));
    }

    [Test]
    public void AllMeansEveryAvailableStrategyInRegistryOrder()
    {
        Assert.That(StrategyRegistry.TryResolve("all", out var strategies, out _), Is.True);

        Assert.That(strategies!.Select(s => s.Name), Is.EqualTo(AllNames));
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

        Assert.That(problem, Is.EqualTo("unknown strategy 'nope'; use one of: " + string.Join(", ", AllNames) + ", all"));
    }

    [Test]
    public void EveryMethodOfTheRuntimeIsAStrategy()
    {
        var methods = typeof(LossWeightingMethodAttribute).Assembly.GetExportedTypes()
            .Where(t => !t.IsAbstract && (t.IsSubclassOf(typeof(LossWeightingMethodAttribute)) || t.IsSubclassOf(typeof(GradientAggregationMethodAttribute))))
            .ToList();
        TorchNative.EnsureAvailable();
        using var net = new DigitsNet();
        using var optimizer = torch.optim.Adam(net.parameters(), 0.01);

        var declared = StrategyRegistry.Available.SelectMany(s =>
        {
            using var trainer = s.CreateTrainer(net, optimizer, totalSteps: 10);
            return trainer.GetType().GetCustomAttributes(inherit: false).Select(a => a.GetType()).Concat(OpenMethodOf(trainer)).ToList();
        }).ToHashSet();

        Assert.That(methods, Does.Contain(typeof(UncertaintyWeightingAttribute)).And.Contain(typeof(FairGradAttribute)), "precondition: both kinds are found");
        Assert.That(methods.Except(MethodsWithoutAStrategy).Where(m => !declared.Contains(m)).Select(m => m.Name), Is.Empty,
            "methods without a Digits strategy: add a trainer in examples/Digits/Strategies and a line in StrategyRegistry");
    }

    /// <summary>The type of the method a trainer was given at construction (its <c>[Method]</c> member's value), if any.</summary>
    private static IEnumerable<Type> OpenMethodOf(IDigitsTrainer trainer)
    {
        foreach (var field in trainer.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic))
        {
            if (field.IsDefined(typeof(MethodAttribute)) && field.GetValue(trainer) is { } method) yield return method.GetType();
        }
    }

    [Test]
    public void EveryTrainerWithAMethodIsToldWhenAnEpochEnds()
    {
        TorchNative.EnsureAvailable();
        using var net = new DigitsNet();
        using var optimizer = torch.optim.Adam(net.parameters(), 0.01);

        var epochAware = new List<string>();
        foreach (var strategy in StrategyRegistry.Available)
        {
            using var trainer = strategy.CreateTrainer(net, optimizer, totalSteps: 10);
            // The fit loop calls EndEpoch on the trainer it is handed: the trainer itself.
            Assert.That(trainer.Accept(new HandedTrainer()), Is.SameAs(trainer), strategy.Name);
            // A trainer with a method has the generated EndEpoch; one without keeps IMultiLossTrainer's, which does nothing.
            if (trainer.GetType().GetMethod(nameof(IMultiLossTrainer.EndEpoch), BindingFlags.Instance | BindingFlags.Public) is not null)
            {
                epochAware.Add(strategy.Name);
            }
        }

        // DWA and STCH set the next epoch's weights then; the others' EndEpoch does nothing; a trainer without a method has none.
        Assert.That(epochAware, Does.Contain("dwa").And.Contain("stch").And.Contain("upgrad").And.Contain("dbmtl").And.Contain("upgrad-features"));
        Assert.That(epochAware, Has.None.AnyOf("weighted", "sum", "separate", "gated", "phased"));
    }

    /// <summary>Returns the trainer a strategy hands to a fit.</summary>
    private sealed class HandedTrainer : IStepVisitor<IMultiLossTrainer>
    {
        public IMultiLossTrainer Visit<TReport>(IMultiLossTrainer trainer, Func<DigitsBatch, TReport> step) where TReport : ITrainingReport => trainer;
    }

    [Test]
    public void NamesAreUnique()
    {
        var names = StrategyRegistry.Available.Select(s => s.Name).Concat(StrategyRegistry.Planned.Select(s => s.Name)).Append(StrategyRegistry.AllName);

        Assert.That(names, Is.Unique);
    }
}
