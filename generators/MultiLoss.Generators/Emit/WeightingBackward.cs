using System.Collections.Generic;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// The backward pass of a trainer with a loss-weighting method: the method's <c>BeforeBackward</c>, which may use the
/// step's graph (GradNorm trains its weights there), then the strategy's passes of the method's total.
/// </summary>
internal sealed class WeightingBackward : BackwardPart
{
    public static readonly WeightingBackward Instance = new();

    public override void Emit(SourceWriter writer, PhasePlan plan, IReadOnlyList<BackwardPass> passes)
    {
        writer.Line($"{Names.Weighting}.BeforeBackward({Names.MethodLosses});");
        StrategyBackward.Instance.Emit(writer, plan, passes);
    }
}
