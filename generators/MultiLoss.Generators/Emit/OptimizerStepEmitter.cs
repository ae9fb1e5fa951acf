using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>Writes the optimizer step: only at the end of an accumulation cycle, after clipping the gradient norm.</summary>
internal static class OptimizerStepEmitter
{
    public static void Emit(SourceWriter writer, TrainerSpec trainer)
    {
        var controls = trainer.Controls;
        if (controls.Accumulates) writer.OpenBlock($"if ({Names.OptimizerStepped})");
        if (controls.ClipGradNorm is { } maxNorm)
        {
            writer.Line($"global::TorchSharp.torch.nn.utils.clip_grad_norm_({Names.ClipParameters}, {CSharp.DoubleLiteral(maxNorm)});");
        }
        writer.Line($"{Names.Member(trainer, trainer.OptimizerMember, "[Optimizer]")}.step();");
        MethodEmitter.EmitAfterOptimizerStep(writer, trainer);
        if (controls.Accumulates) writer.CloseBlock();
    }

    /// <summary>
    /// Writes the start of a step (not of an evaluation): gradients set to none (at the start of a cycle when
    /// accumulating), as PyTorch's <c>zero_grad()</c> does, and whether this call ends the cycle. The cycle advances only once the losses are
    /// computed (<see cref="CycleAdvance"/>).
    /// </summary>
    public static void EmitStart(SourceWriter writer, TrainerSpec trainer)
    {
        var zeroGrad = $"global::MultiLoss.Runtime.Gradients.SetToNone({Names.Member(trainer, trainer.OptimizerMember, "[Optimizer]")});";
        var methods = MethodEmitter.SetGradientsToNone(trainer);
        var condition = trainer.Controls.Accumulates ? $"{Names.Training} && {Names.CallsInCycle} == 0" : Names.Training;
        writer.Line(methods.Length == 0 ? $"if ({condition}) {zeroGrad}" : $"if ({condition}) {{ {zeroGrad}{methods} }}");
        if (!trainer.Controls.Accumulates) return;
        writer.Line($"var {Names.OptimizerStepped} = {Names.CallsInCycle} + 1 == {CSharp.IntLiteral(trainer.Controls.AccumulateSteps)};");
    }

    /// <summary>The statement that counts this call in the accumulation cycle, or null without accumulation.</summary>
    public static string? CycleAdvance(TrainerSpec trainer)
        => trainer.Controls.Accumulates ? $"{Names.CallsInCycle} = {Names.OptimizerStepped} ? 0 : {Names.CallsInCycle} + 1;" : null;
}
