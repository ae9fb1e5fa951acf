using System;
using System.Linq;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

/// <summary>
/// Every aggregation method on the Jacobians that training reaches: a vanishing gradient, equal and opposite gradients,
/// gradients 1e-20 and 1e20 in size (alone and beside ordinary ones), rank 1 with five losses, in float32 and float64.
/// The aggregated gradient is always finite; gradients with a NaN or an infinity give an error that names the method.
/// </summary>
[TestFixture]
public sealed class DegenerateJacobianTests
{
    private static readonly double[] A = [1, 2, 0, -1];
    private static readonly double[] B = [0.5, -1, 2, 0];
    private static readonly double[] C = [0, 1, -1, 3];

    /// <summary>Each method: its label in the test's name, the name its errors give, and a new instance.</summary>
    private static readonly (string Label, string Method, Func<GradientAggregationMethod> Create)[] Methods =
    [
        ("Aligned-MTL", "Aligned-MTL", () => new AlignedMtl()),
        ("CAGrad", "CAGrad", () => new CAGrad()),
        ("ConFIG", "ConFIG", () => new ConFig()),
        ("DB-MTL", "DB-MTL", () => new DBMtl()),
        ("DualProj", "DualProj", () => new DualProj()),
        ("FairGrad", "FairGrad", () => new FairGrad()),
        ("GradVac", "GradVac", () => new GradVac()),
        ("IMTL-G", "IMTL-G", () => new ImtlG()),
        ("MGDA", "MGDA", () => new Mgda()),
        ("MGDA-L2", "MGDA", () => new Mgda(MgdaNormalization.L2)),
        ("MoCo", "MoCo", () => new MoCo()),
        ("Nash-MTL", "Nash-MTL", () => new NashMtl()),
        ("PCGrad", "PCGrad", () => new PCGrad()),
        ("UPGrad", "UPGrad", () => new UPGrad()),
    ];

    internal static readonly (string Name, double[][] Rows)[] FiniteJacobians =
    [
        ("a zero row", [A, [0, 0, 0, 0], B]),
        ("equal rows", [A, A, B]),
        ("opposite rows", [A, Scaled(A, -1), B]),
        ("only opposite rows", [A, Scaled(A, -1)]),
        ("rows scaled by 1e-20", [Scaled(A, 1e-20), Scaled(B, 1e-20), Scaled(C, 1e-20)]),
        ("rows scaled by 1e20", [Scaled(A, 1e20), Scaled(B, 1e20), Scaled(C, 1e20)]),
        ("one row scaled by 1e-20", [A, Scaled(B, 1e-20), C]),
        ("one row scaled by 1e20", [A, Scaled(B, 1e20), C]),
        ("rank 1 with K = 5", [A, Scaled(A, 2), Scaled(A, -1), Scaled(A, 0.5), Scaled(A, 3)]),
    ];

    private static readonly (string Name, double[][] Rows)[] NotFinite =
    [
        ("a NaN row", [A, [1, double.NaN, 0, 0], B]),
        ("an infinite row", [A, B, [0, double.PositiveInfinity, 0, 0]]),
    ];

    private static readonly ScalarType[] DTypes = [ScalarType.Float32, ScalarType.Float64];

    private static double[] Scaled(double[] row, double scale) => row.Select(value => value * scale).ToArray();

    private static System.Collections.Generic.IEnumerable<TestCaseData> Cases((string Name, double[][] Rows)[] jacobians) =>
        from method in Methods
        from jacobian in jacobians
        from dtype in DTypes
        select new TestCaseData(method.Method, method.Create, jacobian.Rows, dtype).SetArgDisplayNames(method.Label, jacobian.Name, dtype.ToString());

    private static System.Collections.Generic.IEnumerable<TestCaseData> FiniteCases() => Cases(FiniteJacobians);

    private static System.Collections.Generic.IEnumerable<TestCaseData> NotFiniteCases() => Cases(NotFinite);

    [TestCaseSource(nameof(FiniteCases))]
    public void Finite_gradients_give_a_finite_gradient(string method, Func<GradientAggregationMethod> create, double[][] rows, ScalarType dtype)
    {
        var (result, _) = JacobianHarness.Aggregate(create(), rows, dtype: dtype);

        Assert.That(result.All(double.IsFinite), Is.True, $"{method}: {string.Join(", ", result)}");
    }

    [TestCaseSource(nameof(NotFiniteCases))]
    public void Gradients_that_are_not_finite_give_an_error_naming_the_method(string method, Func<GradientAggregationMethod> create, double[][] rows, ScalarType dtype)
    {
        using var harness = new JacobianHarness(create(), rows.Length, rows[0].Length, dtype);
        harness.Run(FiniteJacobians[1].Rows);

        var error = Assert.Throws<AggregationSolverException>(() => harness.Run(rows))!;

        Assert.That(error.Method, Is.EqualTo(method));
        Assert.That(error.Step, Is.EqualTo(2));
        Assert.That(error.Message, Does.Contain(method + " cannot aggregate the losses' gradients at step 2").And.Contain("NaN or an infinity").And.Contain("not taken"));
    }
}

/// <summary>
/// The loss-weighting methods that read the losses' gradients (GradNorm, ExcessMTL) on the same degenerate Jacobians,
/// over three training steps: their weights stay finite.
/// </summary>
[TestFixture]
public sealed class DegenerateGradientWeightingTests
{
    private static readonly (string Label, Func<LossWeightingMethod> Create)[] Methods =
    [
        ("GradNorm", () => new GradNorm()),
        ("ExcessMTL", () => new ExcessMtl()),
    ];

    private static System.Collections.Generic.IEnumerable<TestCaseData> Cases() =>
        from method in Methods
        from jacobian in DegenerateJacobianTests.FiniteJacobians
        from dtype in new[] { ScalarType.Float32, ScalarType.Float64 }
        select new TestCaseData(method.Create, jacobian.Rows, dtype).SetArgDisplayNames(method.Label, jacobian.Name, dtype.ToString());

    [TestCaseSource(nameof(Cases))]
    public void The_weights_stay_finite(Func<LossWeightingMethod> create, double[][] rows, ScalarType dtype)
    {
        using var holder = new ParameterHolder(nameof(DegenerateGradientWeightingTests), dtype, rows[0].Length);
        using var optimizer = torch.optim.SGD(holder.parameters(), 1e-3);
        using var method = create();
        method.Initialize(Contexts.Of(holder, optimizer, Enumerable.Repeat(1.0, rows.Length).ToArray(), sharedLayer: null));

        for (var step = 0; step < 3; step++)
        {
            using var scope = torch.NewDisposeScope();
            MultiLoss.Runtime.Gradients.SetToNone(optimizer);
            method.SetGradientsToNone();
            // L_i = J_i·p + 1: gradient J_i, and a positive value at p = 0.
            var losses = rows.Select(row => (Tensor?)torch.tensor(row, dtype: dtype).dot(holder.P).add(1.0)).ToArray();
            var total = method.Combine(losses);
            method.BeforeBackward(losses);
            total.backward();
            optimizer.step();
            method.AfterOptimizerStep();

            var weights = Enumerable.Range(0, rows.Length).Select(i => TinyModel.Value(method.EffectiveWeight(i))).ToArray();
            Assert.That(weights.All(double.IsFinite), Is.True, $"step {step + 1}: {string.Join(", ", weights)}");
        }
    }
}

/// <summary>
/// On the degenerate Jacobians the cone methods still give their reference direction, not merely a finite one: the
/// aggregated gradient (unique even where the weights are not, as for equal rows) equals the oracle's, which tries
/// every support or free set exactly (<see cref="ConeOracles"/>).
/// </summary>
[TestFixture]
public sealed class DegenerateJacobianValueTests
{
    private static readonly (string Label, Func<GradientAggregationMethod> Create, Func<double[], double[]> Oracle)[] Methods =
    [
        ("UPGrad", () => new UPGrad(), ConeOracles.UPGrad),
        ("DualProj", () => new DualProj(), ConeOracles.DualProj),
        ("MGDA", () => new Mgda(), ConeOracles.MinNorm),
    ];

    /// <summary>
    /// Every degenerate case but UPGrad's with one row 1e20 times smaller than the others: there the exact oracle, whose
    /// feasibility tolerance is relative to the Gramian's trace, drops that row's constraint (d·g_B ≥ 0 holds for every
    /// scale of g_B); <see cref="UPGrad_keeps_the_constraint_of_a_vanishing_gradient"/> checks that case.
    /// </summary>
    private static System.Collections.Generic.IEnumerable<TestCaseData> Cases() =>
        from method in Methods
        from jacobian in DegenerateJacobianTests.FiniteJacobians
        where !(method.Label == "UPGrad" && jacobian.Name == "one row scaled by 1e-20")
        select new TestCaseData(method.Create, method.Oracle, jacobian.Rows).SetArgDisplayNames(method.Label, jacobian.Name);

    [TestCaseSource(nameof(Cases))]
    public void The_aggregated_gradient_is_the_reference_direction(Func<GradientAggregationMethod> create, Func<double[], double[]> oracle, double[][] rows)
    {
        var expected = ConeOracles.Combine(rows, oracle(ConeOracles.Gramian(rows)));

        var (result, _) = JacobianHarness.Aggregate(create(), rows);

        var scale = rows.Max(row => row.Max(Math.Abs));
        Assert.That(result, Is.EqualTo(expected).Within(1e-9 * scale));
    }

    [Test]
    public void UPGrad_keeps_the_constraint_of_a_vanishing_gradient()
    {
        // UPGrad averages the projections of each g_i onto the cone {d : d·g_j ≥ 0 for every j}, which depends on the
        // gradients' directions only: scaling g_B by 1e-20 scales its own projection by 1e-20 and leaves A's and C's,
        // so the result is (P_A + P_C)/3 (+ 1e-20·P_B/3) with P_i computed on the unscaled rows, where no tolerance
        // can drop B's constraint. A·B < 0, so it binds.
        double[] a = [1, 2, 0, -1], b = [0.5, -1, 2, 0], c = [0, 1, -1, 3];
        double[][] unscaled = [a, b, c];
        var gramian = ConeOracles.Gramian(unscaled);
        var expected = new double[4];
        foreach (var (i, scale) in new[] { (0, 1.0), (1, 1e-20), (2, 1.0) })
        {
            var u = new double[3];
            u[i] = scale / 3;
            var projection = ConeOracles.Combine(unscaled, ConeOracles.DualCone(gramian, u));
            for (var k = 0; k < 4; k++) expected[k] += projection[k];
        }
        Assert.That(ConeOracles.Dot(a, b), Is.LessThan(0), "the premise: B's constraint binds");

        var (result, _) = JacobianHarness.Aggregate(new UPGrad(), [a, b.Select(v => v * 1e-20).ToArray(), c]);

        Assert.That(result, Is.EqualTo(expected).Within(1e-9));
    }
}
