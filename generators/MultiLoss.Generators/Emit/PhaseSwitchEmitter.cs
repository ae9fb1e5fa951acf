using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes the <c>switch</c> on the current phase: one block per phase, each ending with the check that moves to the
/// next phase. A step reports the phase it ran in.
/// </summary>
internal static class PhaseSwitchEmitter
{
    public static void Emit(SourceWriter writer, TrainerSpec trainer)
    {
        writer.Line($"var {Names.PhaseRan} = {Names.Phase};");
        writer.OpenBlock($"switch ({Names.Phase})");
        for (var k = 0; k < trainer.Phases.Count; k++)
        {
            var phase = trainer.Phases[k];
            writer.OpenBlock($"case {CSharp.IntLiteral(phase.Number)}:");
            PhaseBlockEmitter.Emit(writer, new PhasePlan(trainer, phase));
            EmitAdvance(writer, phase, k + 1 < trainer.Phases.Count ? trainer.Phases[k + 1] : null);
            writer.Line("break;");
            writer.CloseBlock();
        }
        writer.Line("default:");
        writer.Line($"    throw new global::System.InvalidOperationException(\"Phase \" + {Names.Phase} + \" is not declared.\");");
        writer.CloseBlock();
    }

    private static void EmitAdvance(SourceWriter writer, PhaseSpec phase, PhaseSpec? next)
    {
        if (next is not null && phase.EndAfterSteps > 0)
        {
            writer.Line($"if (++{Names.StepsInPhase} >= {CSharp.IntLiteral(phase.EndAfterSteps)}) {Enter(next)}");
        }
        else if (next is not null && phase.EndWhen is not null)
        {
            writer.Line($"{Names.StepsInPhase}++;");
            writer.Line($"if (this.{CSharp.Identifier(phase.EndWhen)}()) {Enter(next)}");
        }
        else
        {
            writer.Line($"{Names.StepsInPhase}++;");
        }
    }

    private static string Enter(PhaseSpec next) => $"{{ {Names.Phase} = {CSharp.IntLiteral(next.Number)}; {Names.StepsInPhase} = 0; }}";
}
