using MultiLoss.Weighting;
using static TorchSharp.torch;

namespace MultiLoss.Tests.UserMethods;

/// <summary>
/// Weights (k, 1) at its k-th aggregation, except at the aggregation numbered <see cref="FailingStep"/>, where its
/// "solver" fails: it falls back (<see cref="GradientAggregationMethod.FallBack"/>), or, when told to, throws
/// <see cref="AggregationSolverException"/> as a user's method may. For checking what a trainer does with a solver that
/// fails. The count of aggregations is saved with the state, so a resumed trainer fails at the same step.
/// </summary>
public sealed class FailingSolverAggregation(int failingStep, bool throws) : GradientAggregationMethod
{
    private int aggregations;

    public int FailingStep { get; } = failingStep;

    protected override void Aggregate(Tensor jacobian, Tensor result, Tensor coefficients)
    {
        aggregations++;
        _ = HostGramian(jacobian);
        if (aggregations != FailingStep)
        {
            CombineRows(jacobian, [aggregations, 1.0], result, coefficients);
            return;
        }
        if (throws) throw new AggregationSolverException("FailingSolver", aggregations, iterations: 7, "");
        CombineRows(jacobian, FallBack(), result, coefficients);
    }

    protected override void OnSaveState(MethodState state) => state.SetValues("Aggregations", [aggregations]);

    protected override void OnRestoreState(MethodState state) => aggregations = (int)state.GetValues("Aggregations")[0];
}

/// <summary><see cref="FailingSolverAggregation"/> falling back at its third aggregation.</summary>
[RequiresLossCount(2)]
public sealed class FailingSolverAttribute : GradientAggregationMethodAttribute
{
    public const int FailingStep = 3;

    public override GradientAggregationMethod Create() => new FailingSolverAggregation(FailingStep, throws: false);
}

/// <summary><see cref="FailingSolverAggregation"/> throwing at its third aggregation.</summary>
[RequiresLossCount(2)]
public sealed class ThrowingSolverAttribute : GradientAggregationMethodAttribute
{
    public override GradientAggregationMethod Create() => new FailingSolverAggregation(FailingSolverAttribute.FailingStep, throws: true);
}
