using MultiLoss.Weighting;
using static TorchSharp.torch;

namespace MultiLoss.Tests.UserMethods;

/// <summary>
/// The sum of the gradients, except at the aggregation numbered <see cref="FailingStep"/>, where its "solver" reports
/// that it did not converge: for checking what a trainer does with a solver that fails.
/// </summary>
public sealed class FailingSolverAggregation(int failingStep) : GradientAggregationMethod
{
    private int aggregations;

    public int FailingStep { get; } = failingStep;

    protected override void Aggregate(Tensor jacobian, Tensor result, Tensor coefficients)
    {
        aggregations++;
        var gramian = HostGramian(jacobian);
        ThrowIfNotConverged(aggregations != FailingStep, iterations: 7, "FailingSolver", gramian);
        CombineRows(jacobian, [1.0, 1.0], result, coefficients);
    }
}

/// <summary><see cref="FailingSolverAggregation"/> failing at its third aggregation.</summary>
[RequiresLossCount(2)]
public sealed class FailingSolverAttribute : GradientAggregationMethodAttribute
{
    public const int FailingStep = 3;

    public override GradientAggregationMethod Create() => new FailingSolverAggregation(FailingStep);
}
