using System;
using NUnit.Framework;

namespace MultiLoss.Weighting.Tests;

/// <summary>
/// A solver that cannot converge (here: a gradient with a NaN, so a NaN Gramian) stops the step with an
/// <see cref="AggregationSolverException"/> naming the method, the step and the iterations, instead of writing NaN weights.
/// </summary>
[TestFixture]
public sealed class SolverFailureTests
{
    private static readonly double[][] RowsWithNaN = [[1.0, double.NaN, 0.5], [0.0, 1.0, -1.0], [2.0, -1.0, 0.0]];

    private static readonly object[] Methods =
    [
        new object[] { "MGDA", (Func<GradientAggregationMethod>)(() => new MGDA()) },
        new object[] { "MGDA", (Func<GradientAggregationMethod>)(() => new MGDA(MGDANormalization.L2)) },
        new object[] { "UPGrad", (Func<GradientAggregationMethod>)(() => new UPGrad()) },
        new object[] { "DualProj", (Func<GradientAggregationMethod>)(() => new DualProj()) },
        new object[] { "CAGrad", (Func<GradientAggregationMethod>)(() => new CAGrad()) },
        new object[] { "FairGrad", (Func<GradientAggregationMethod>)(() => new FairGrad()) },
    ];

    [TestCaseSource(nameof(Methods))]
    public void A_gradient_with_a_NaN_stops_the_step_naming_the_method_and_the_step(string name, Func<GradientAggregationMethod> create)
    {
        using var harness = new JacobianHarness(create(), losses: 3, size: 3);
        harness.Run([[1.0, 0.0, 0.5], [0.0, 1.0, -1.0], [2.0, -1.0, 0.0]]);

        var error = Assert.Throws<AggregationSolverException>(() => harness.Run(RowsWithNaN))!;

        Assert.That(error.Method, Is.EqualTo(name));
        Assert.That(error.Step, Is.EqualTo(2));
        Assert.That(error.Message, Does.Contain(name + " did not solve for its weights at step 2").And.Contain("not finite").And.Contain("not taken"));
    }
}
