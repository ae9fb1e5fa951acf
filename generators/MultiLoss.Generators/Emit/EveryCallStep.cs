using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>An optimizer step on every call: gradients set to none at its start, the step at its end.</summary>
internal sealed class EveryCallStep(TrainerSpec trainer) : OptimizerStepPart(trainer)
{
    public override void EmitStart(SourceWriter writer) => EmitSetGradientsToNone(writer, Names.Training);
}
