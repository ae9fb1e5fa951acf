using MultiLoss.Generators.Model;

namespace MultiLoss.Generators.Emit;

/// <summary>Writes what one phase does in a step: its losses and gates, its backward strategy, the recording.</summary>
internal static class PhaseBlockEmitter
{
    public static void Emit(SourceWriter writer, PhasePlan plan)
    {
        LossesEmitter.EmitGatesOutsidePhase(writer, plan);
        LossesEmitter.Emit(writer, plan);
        writer.Line();

        switch (plan.Phase.Backward)
        {
            case BackwardModeValue.Separate:
                SeparateBackwardEmitter.Emit(writer, plan);
                break;
            default:
                CombinedBackwardEmitter.Emit(writer, plan);
                break;
        }
        writer.Line();
        RecordEmitter.Emit(writer, plan);
    }
}
