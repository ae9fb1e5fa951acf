namespace MultiLoss.Generators.Emit;

/// <summary>Writes what one phase does in a step: its losses and gates, its backward strategy, the recording.</summary>
internal static class PhaseBlockEmitter
{
    public static void Emit(SourceWriter writer, PhasePlan plan)
    {
        LossesEmitter.EmitGatesOutsidePhase(writer, plan);
        LossesEmitter.Emit(writer, plan);
        writer.Line();

        var passes = BackwardStrategies.Passes(plan);
        BackwardEmitter.Emit(writer, plan, passes);
        writer.Line();
        RecordEmitter.Emit(writer, plan, BackwardEmitter.NeedsSeparateTotal(passes));
    }
}
