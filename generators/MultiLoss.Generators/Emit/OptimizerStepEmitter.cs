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
        if (trainer.Weighting.Kind == Model.LossWeightingValue.GradNorm) writer.Line($"{Names.Weighting}.Renormalize();");
        if (controls.Accumulates) writer.CloseBlock();
    }

    /// <summary>
    /// Writes the start of a step: gradients set to none (at the start of a cycle when accumulating), as PyTorch's
    /// <c>zero_grad()</c> does, and the cycle count.
    /// </summary>
    public static void EmitStart(SourceWriter writer, TrainerSpec trainer)
    {
        var zeroGrad = $"global::MultiLoss.Runtime.Gradients.SetToNone({Names.Member(trainer, trainer.OptimizerMember, "[Optimizer]")});";
        if (!trainer.Controls.Accumulates)
        {
            writer.Line(zeroGrad);
            return;
        }
        writer.Line($"if ({Names.CallsInCycle} == 0) {zeroGrad}");
        writer.Line($"var {Names.OptimizerStepped} = ++{Names.CallsInCycle} == {CSharp.IntLiteral(trainer.Controls.AccumulateSteps)};");
        writer.Line($"if ({Names.OptimizerStepped}) {Names.CallsInCycle} = 0;");
    }
}
