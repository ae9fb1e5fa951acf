using System.Collections.Generic;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// The kind of optimizer step a trainer takes, chosen once from the trainer: one on every call
/// (<see cref="EveryCallStep"/>) or one at the end of each cycle of accumulated calls (<see cref="AccumulatedStep"/>),
/// each after clipping the gradient norm when the trainer asks for it. Each writes its own code: its fields, the start
/// of a step, the step itself, and what of it the trainer's state keeps.
/// </summary>
internal abstract class OptimizerStepPart
{
    protected OptimizerStepPart(TrainerSpec trainer) => Trainer = trainer;

    protected TrainerSpec Trainer { get; }

    public static OptimizerStepPart For(TrainerSpec trainer)
        => trainer.Controls.Accumulates ? new AccumulatedStep(trainer) : new EveryCallStep(trainer);

    /// <summary>The cached <c>Scalar</c> each backpropagated loss is multiplied by (1/k when accumulating), or null.</summary>
    public virtual string? LossScale => null;

    protected string Optimizer => Names.Member(Trainer, Trainer.OptimizerMember, "[Optimizer]");

    /// <summary>Writes the trainer's fields of this part.</summary>
    public virtual void EmitFields(SourceWriter writer)
    {
        if (Trainer.Controls.ClipGradNorm is not null) writer.Line($"private {Names.Parameter}[]? {Names.ClipParameters};");
    }

    /// <summary>
    /// Writes the start of a step (not of an evaluation): gradients set to none, as PyTorch's <c>zero_grad()</c> does,
    /// under <paramref name="condition"/>.
    /// </summary>
    protected void EmitSetGradientsToNone(SourceWriter writer, string condition)
    {
        var zeroGrad = $"global::MultiLoss.Runtime.Gradients.SetToNone({Optimizer});";
        var methods = MethodEmitter.SetGradientsToNone(Trainer);
        writer.Line(methods.Length == 0 ? $"if ({condition}) {zeroGrad}" : $"if ({condition}) {{ {zeroGrad}{methods} }}");
    }

    /// <summary>Writes the start of a step: what happens before the forward pass.</summary>
    public abstract void EmitStart(SourceWriter writer);

    /// <summary>Writes the collection, on the first step, of the parameters whose gradient norm is clipped.</summary>
    public void EmitLazyParameters(SourceWriter writer, string collect)
    {
        if (Trainer.Controls.ClipGradNorm is null) return;
        writer.Line($"{Names.ClipParameters} ??= {collect}({Names.Member(Trainer, Trainer.ModelMember, "[Model]")});");
    }

    /// <summary>Writes the optimizer step, after clipping the gradient norm, and what the methods do after it.</summary>
    public virtual void EmitStep(SourceWriter writer)
    {
        if (Trainer.Controls.ClipGradNorm is { } maxNorm)
        {
            writer.Line($"global::TorchSharp.torch.nn.utils.clip_grad_norm_({Names.ClipParameters}, {CSharp.DoubleLiteral(maxNorm)});");
        }
        writer.Line($"{Optimizer}.step();");
        MethodEmitter.EmitAfterOptimizerStep(writer, Trainer);
    }

    /// <summary>The statement that counts this call once the losses are computed, or null.</summary>
    public virtual string? CycleAdvance => null;

    /// <summary>Adds the host value the step reports of this part, if any.</summary>
    public virtual void AddReportedValue(List<ReportedValue> values)
    {
    }

    /// <summary>Adds the values of this part that the trainer's state saves, each with the expression that reads it.</summary>
    public virtual void AddSavedValues(List<(string Name, string Value)> values)
    {
    }

    /// <summary>Writes this part's member of the saved state's initializer.</summary>
    public virtual void EmitSavedPosition(SourceWriter writer)
    {
    }

    /// <summary>Writes what a restore sets first: what a state of another configuration fails.</summary>
    public virtual void EmitRestorePosition(SourceWriter writer)
    {
    }

    /// <summary>Writes what a restore sets once the trainer's methods are restored.</summary>
    public virtual void EmitRestoreValues(SourceWriter writer)
    {
    }

    /// <summary>Writes the disposal of this part's fields.</summary>
    public virtual void EmitDispose(SourceWriter writer)
    {
    }
}
