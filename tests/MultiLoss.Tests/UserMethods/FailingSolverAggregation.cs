using MultiLoss.Methods;
using System;

namespace MultiLoss.Tests.UserMethods;

/// <summary>
/// Weights (k, 1) at its k-th aggregation, except at the aggregation numbered <see cref="FailingStep"/>, where its
/// "solver" does not converge (the step falls back), or, when told to, throws <see cref="AggregationSolverException"/>
/// as a user's method may. For checking what a trainer does with a solver that fails. The count of aggregations is
/// saved with the state, so a resumed trainer fails at the same step.
/// </summary>
public sealed class FailingSolverAggregation(int failingStep, bool throws) : GramianAggregationMethod
{
    private int aggregations;

    public int FailingStep { get; } = failingStep;

    public override bool Weigh(ReadOnlySpan<double> gramian, Span<double> weights)
    {
        aggregations++;
        if (aggregations == FailingStep && throws) throw new AggregationSolverException("FailingSolver", aggregations, iterations: 7, "");
        weights[0] = aggregations;
        weights[1] = 1.0;
        return aggregations != FailingStep;
    }

    protected override void OnInitialize(MethodContext context) => SavedCount("Aggregations", () => aggregations, saved => aggregations = (int)saved);
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

/// <summary>A user's method attribute whose <c>Create()</c> returns null by mistake.</summary>
public sealed class NullMethodAttribute : GradientAggregationMethodAttribute
{
    public override GradientAggregationMethod Create() => null!;
}
