using System.Collections.Generic;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// The kind of total a trainer's phases compute, chosen once from the trainer: the declared weighted sum
/// (<see cref="WeightedSumTotal"/>), a weighting method's <c>Combine</c> (<see cref="WeightingTotal"/>), or the total of the
/// method a trainer takes at construction (<see cref="OpenMethodTotal"/>). Each writes its own code.
/// </summary>
internal abstract class TotalPart
{
    public static TotalPart For(Model.Specs.TrainerSpec trainer)
        => trainer.Methods.IsOpen ? OpenMethodTotal.Instance : trainer.Methods.IsAdaptive ? WeightingTotal.Instance : WeightedSumTotal.Instance;

    /// <summary>Writes <c>var {local}</c>: the total over <paramref name="losses"/> (declaration order).</summary>
    public abstract void Emit(SourceWriter writer, PhasePlan plan, IReadOnlyList<int> losses, string local);
}
