using System.Collections.Generic;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// The kind of backward pass a trainer's phases make, chosen once from the trainer: the strategy's passes
/// (<see cref="StrategyBackward"/>), a weighting method's hook before them (<see cref="WeightingBackward"/>), or an
/// aggregation method in their place (<see cref="AggregationBackward"/>). Each writes its own code.
/// </summary>
internal abstract class BackwardPart
{
    public static BackwardPart For(TrainerSpec trainer) => trainer.Methods switch
    {
        { Aggregation: not null } => AggregationBackward.Instance,
        { Weighting: not null } => WeightingBackward.Instance,
        _ => StrategyBackward.Instance,
    };

    /// <summary>
    /// True when the phase's total is built with its graph for the backward pass (a single pass over its losses), so the
    /// reported total is that one; otherwise the total is summed with gradients off when the values are recorded.
    /// </summary>
    public virtual bool BuildsTotal(PhasePlan plan, IReadOnlyList<BackwardPass> passes) => !StrategyBackward.NeedsSeparateTotal(passes);

    /// <summary>Writes the phase's backward pass (and, with accumulation, each root scaled by 1/k).</summary>
    public abstract void Emit(SourceWriter writer, PhasePlan plan, IReadOnlyList<BackwardPass> passes);
}
