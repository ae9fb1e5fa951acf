using System.Collections.Generic;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// One optimizer step per cycle of k calls (<c>[AccumulateGradients(k)]</c>): each loss is scaled by 1/k, gradients are
/// set to none at the start of a cycle and the optimizer steps at its end. The cycle advances only once the losses are
/// computed, so a call that fails before them has not happened; in the middle of a cycle, the gradients of its first
/// calls are state too.
/// </summary>
internal sealed class AccumulatedStep(TrainerSpec trainer) : OptimizerStepPart(trainer)
{
    private const string PartialGradients = "PartialGradients";

    private int Steps => Trainer.Controls.AccumulateSteps;

    public override string? LossScale => Names.AccumulationScale;

    public override string? CycleAdvance => $"{Names.CallsInCycle} = {Names.OptimizerStepped} ? 0 : {Names.CallsInCycle} + 1;";

    public override void EmitFields(SourceWriter writer)
    {
        writer.Line($"private readonly {Names.Scalar} {Names.AccumulationScale} = {CSharp.DoubleLiteral(1.0 / Steps)};");
        writer.Line($"private int {Names.CallsInCycle};");
        base.EmitFields(writer);
    }

    public override void EmitStart(SourceWriter writer)
    {
        EmitSetGradientsToNone(writer, $"{Names.Training} && {Names.CallsInCycle} == 0");
        writer.Line($"var {Names.OptimizerStepped} = {Names.CallsInCycle} + 1 == {CSharp.IntLiteral(Steps)};");
    }

    public override void EmitStep(SourceWriter writer)
    {
        writer.OpenBlock($"if ({Names.OptimizerStepped})");
        base.EmitStep(writer);
        writer.CloseBlock();
    }

    public override void AddReportedValue(List<ReportedValue> values)
        => values.Add(new ReportedValue(ReportedKind.OptimizerStepped, "OptimizerStepped", "OptimizerStepped", null, -1, Names.OptimizerStepped, Names.OptimizerStepped));

    public override void AddSavedValues(List<(string Name, string Value)> values)
        => values.Add((PartialGradients, $"{Names.CallsInCycle} == 0 ? global::System.Array.Empty<double>() : global::MultiLoss.Runtime.Gradients.SaveValues({Optimizer})"));

    public override void EmitSavedPosition(SourceWriter writer) => writer.Line($"CallsInCycle = {Names.CallsInCycle},");

    public override void EmitRestorePosition(SourceWriter writer)
        => writer.Line($"{Names.CallsInCycle} = state.CallsInCycleOf({CSharp.IntLiteral(Steps)});");

    public override void EmitRestoreValues(SourceWriter writer)
        => writer.Line($"if (state.CallsInCycle > 0) global::MultiLoss.Runtime.Gradients.RestoreValues({Optimizer}, state.Value({CSharp.StringLiteral(PartialGradients)}));");

    public override void EmitDispose(SourceWriter writer) => writer.Line($"{Names.AccumulationScale}.Dispose();");
}
