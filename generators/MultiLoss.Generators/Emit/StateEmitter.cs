using System.Text;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes the trainer's state: cached weights as <c>Scalar</c>s, the step-values buffer, the gates' states,
/// and with declared phases the current phase (a settable <c>Phase</c> property) and the steps taken in it.
/// </summary>
internal static class StateEmitter
{
    public static void Emit(SourceWriter writer, TrainerSpec trainer)
    {
        writer.Line($"private readonly {Names.StepValues} {Names.Values} = new {Names.StepValues}({Names.StepResult}.Layout);");
        writer.Line($"private readonly {Names.StepValues} {Names.EvaluationValues} = new {Names.StepValues}({Names.StepResult}.Layout);");
        writer.Line($"private readonly global::MultiLoss.Runtime.StepGuard {Names.Guard} = new({CSharp.StringLiteral(trainer.FullName)}, {CSharp.StringLiteral(trainer.ModelMember)}, {CSharp.StringLiteral(trainer.OptimizerMember)});");
        writer.Line($"private bool {Names.Disposed};");
        foreach (var loss in trainer.Losses)
        {
            if (loss.IsRamped)
            {
                writer.Line($"private readonly {Names.RampedWeight} {Names.WeightField(loss)} = new {Names.RampedWeight}({CSharp.DoubleLiteral(loss.Weight)}, {CSharp.IntLiteral(loss.WarmupSteps)});");
            }
            else if (!loss.IsUnitWeight && !loss.IsAdaptive)
            {
                writer.Line($"private readonly {Names.Scalar} {Names.WeightField(loss)} = {CSharp.DoubleLiteral(loss.Weight)};");
            }
        }
        MethodEmitter.EmitFields(writer, trainer);
        OptimizerStepPart.For(trainer).EmitFields(writer);
        if (trainer.Controls.SkipNonFinite) writer.Line($"private long {Names.SkippedSteps};");
        foreach (var loss in trainer.Losses)
        {
            if (loss.HasHostGate) writer.Line($"private bool {Names.GateField(loss)};");
            if (loss.HasDeviceGate)
            {
                var gate = loss.Gate!;
                writer.Line($"private readonly {Names.DeviceGate} {Names.DeviceGateField(loss)} = new {Names.DeviceGate}({CSharp.DoubleLiteral(gate.Threshold)}, latch: {(gate.Latch ? "true" : "false")});");
            }
        }
        foreach (var loss in trainer.Losses)
        {
            if (loss.UpdatesMember is not null) writer.Line($"private {Names.Parameter}[]? {Names.UpdatesField(loss)};");
        }
        if (trainer.HasDeclaredPhases)
        {
            writer.Line($"private int {Names.Phase} = {CSharp.IntLiteral(trainer.Phases[0].Number)};");
            writer.Line($"private int {Names.StepsInPhase};");
        }
        writer.Line();
        writer.Line("/// <summary>The number of steps this trainer has taken.</summary>");
        writer.Line($"public long StepsTaken => {Names.Values}.Step;");
        if (trainer.Controls.SkipNonFinite)
        {
            writer.Line();
            writer.Line("/// <summary>The number of steps skipped because their total loss was NaN or infinite.</summary>");
            writer.Line($"public long SkippedSteps => {Names.SkippedSteps};");
        }
        if (trainer.HasDeclaredPhases) EmitPhaseProperty(writer, trainer);
        MethodEmitter.EmitMembers(writer, trainer);
    }

    private static void EmitPhaseProperty(SourceWriter writer, TrainerSpec trainer)
    {
        var numbers = new StringBuilder();
        var pattern = new StringBuilder();
        foreach (var phase in trainer.Phases)
        {
            if (numbers.Length > 0)
            {
                numbers.Append(", ");
                pattern.Append(" or ");
            }
            numbers.Append(CSharp.IntLiteral(phase.Number));
            pattern.Append(CSharp.IntLiteral(phase.Number));
        }

        writer.Line();
        writer.Line($"/// <summary>The current training phase ({numbers}). Setting it starts that phase from its first step.</summary>");
        writer.OpenBlock("public int Phase");
        writer.Line($"get => {Names.Phase};");
        writer.OpenBlock("set");
        writer.OpenBlock($"if (value is not ({pattern}))");
        writer.Line($"throw new global::System.ArgumentOutOfRangeException(nameof(value), value, \"Phase must be one of the declared phases: {numbers}.\");");
        writer.CloseBlock();
        writer.Line($"{Names.Phase} = value;");
        writer.Line($"{Names.StepsInPhase} = 0;");
        writer.CloseBlock();
        writer.CloseBlock();
    }
}
