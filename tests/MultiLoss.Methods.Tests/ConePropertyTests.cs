using System;
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using TorchSharp;

namespace MultiLoss.Methods.Tests;

/// <summary>
/// What MGDA, UPGrad, DualProj and CAGrad promise on every input, run through the methods' whole path
/// (<see cref="JacobianHarness"/>): finite results on degenerate inputs, no conflict with any loss (CAGrad for c ≥ 1),
/// the same result for the losses in any order, and a result that is the combination of the rows the method reports.
/// </summary>
[TestFixture]
public sealed class ConePropertyTests
{
    private static readonly (string Name, Func<GradientAggregationMethod> Create, bool NonConflicting)[] Methods =
    [
        ("MGDA", () => new Mgda(), true),
        ("MGDA L2", () => new Mgda(MgdaNormalization.L2), true),
        ("UPGrad", () => new UPGrad(), true),
        ("DualProj", () => new DualProj(), true),
        ("CAGrad c=0.5", () => new CAGrad(0.5), false),
        ("CAGrad c=1", () => new CAGrad(1.0), true),
        ("CAGrad c=2 rescaled", () => new CAGrad(2.0, CAGradRescale.OnePlusCSquared), true),
    ];

    private static IEnumerable<TestCaseData> Cases(IEnumerable<(string Name, double[][] Rows)> inputs, bool nonConflictingOnly = false)
    {
        foreach (var (method, create, nonConflicting) in Methods)
        {
            if (nonConflictingOnly && !nonConflicting) continue;
            foreach (var (input, rows) in inputs) yield return new TestCaseData(create, rows).SetArgDisplayNames(method, input);
        }
    }

    public static IEnumerable<TestCaseData> TypicalCases() => Cases(ConeInputs.Typical());

    public static IEnumerable<TestCaseData> NonConflictingCases() => Cases(ConeInputs.Typical(), nonConflictingOnly: true);

    public static IEnumerable<TestCaseData> GenericCases() => Cases(ConeInputs.Generic());

    [TestCaseSource(nameof(TypicalCases))]
    public void The_result_and_weights_are_finite_and_the_result_is_the_reported_combination(Func<GradientAggregationMethod> create, double[][] rows)
    {
        var (result, coefficients) = JacobianHarness.Aggregate(create(), rows);

        Assert.That(result.All(double.IsFinite), Is.True, "result " + string.Join(", ", result));
        Assert.That(coefficients.All(double.IsFinite), Is.True, "weights " + string.Join(", ", coefficients));
        var scale = Math.Sqrt(ConeInputs.SquaredNorm(rows)) * Math.Max(1, coefficients.Max(Math.Abs));
        Assert.That(result, Is.EqualTo(ConeOracles.Combine(rows, coefficients)).Within(1e-12 * scale + 1e-300));
    }

    [TestCaseSource(nameof(NonConflictingCases))]
    public void The_result_conflicts_with_no_loss(Func<GradientAggregationMethod> create, double[][] rows)
    {
        var (result, _) = JacobianHarness.Aggregate(create(), rows);

        var tolerance = 1e-9 * ConeInputs.SquaredNorm(rows);
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.That(ConeOracles.Dot(rows[i], result), Is.GreaterThanOrEqualTo(-tolerance), $"g_{i}·d");
        }
    }

    [TestCaseSource(nameof(TypicalCases))]
    public void Permuting_the_losses_changes_nothing_in_the_result(Func<GradientAggregationMethod> create, double[][] rows)
    {
        var (result, _) = JacobianHarness.Aggregate(create(), rows);
        // MGDA with L2 normalisation returns a result of norm at most 1 whatever the scale of the rows.
        var scale = Math.Sqrt(ConeInputs.SquaredNorm(rows)) + Math.Sqrt(ConeOracles.Dot(result, result));

        for (var seed = 0; seed < 3; seed++)
        {
            var order = ConeInputs.Shuffle(rows.Length, seed);
            var (permuted, _) = JacobianHarness.Aggregate(create(), ConeInputs.Permute(rows, order));
            Assert.That(permuted, Is.EqualTo(result).Within(1e-9 * scale + 1e-300), "order " + string.Join(" ", order));
        }
    }

    [TestCaseSource(nameof(GenericCases))]
    public void Permuting_the_losses_permutes_their_weights(Func<GradientAggregationMethod> create, double[][] rows)
    {
        var (_, coefficients) = JacobianHarness.Aggregate(create(), rows);
        var order = ConeInputs.Shuffle(rows.Length, 42);

        var (_, permuted) = JacobianHarness.Aggregate(create(), ConeInputs.Permute(rows, order));

        Assert.That(permuted, Is.EqualTo(order.Select(i => coefficients[i]).ToArray()).Within(1e-8));
    }

    public static IEnumerable<TestCaseData> MethodCases() => Methods.Select(m => new TestCaseData(m.Create).SetArgDisplayNames(m.Name));

    [TestCaseSource(nameof(MethodCases))]
    public void Live_tensor_count_is_stable_over_200_steps(Func<GradientAggregationMethod> create)
    {
        double[] declared = [1.0, 0.5, 2.0];
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.001);
        using var method = create().Initialized(Contexts.Of(model, optimizer, declared));

        AggregationSteps.AssertLiveTensorCountStable(() => AggregationSteps.Train(method, model, optimizer, declared, readWeights: true));
    }

    [Test]
    public void A_method_reused_over_many_inputs_gives_what_a_fresh_one_gives()
    {
        foreach (var (name, create, _) in Methods)
        {
            using var harness = new JacobianHarness(create(), 5, 9);
            for (var seed = 0; seed < 10; seed++)
            {
                var rows = ConeInputs.Random(5, 9, 1 + seed % 5, 100 + seed);
                var (reused, _) = harness.Run(rows);
                var (fresh, _) = JacobianHarness.Aggregate(create(), rows);
                Assert.That(reused, Is.EqualTo(fresh).Within(1e-12 * Math.Sqrt(ConeInputs.SquaredNorm(rows))), $"{name}, input {seed}");
            }
        }
    }
}
