using System;
using System.ComponentModel;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Runtime;

/// <summary>What a generated step checks and sets before its forward pass.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TrainingMode
{
    /// <summary>
    /// Gradients must be on (a step inside <c>torch.no_grad()</c> could not backpropagate), and the model is put in
    /// training mode if it is not (dropout and batch norm train; <c>Evaluate</c> puts it in eval mode and back), as
    /// LibMTL's trainer and Lightning do.
    /// </summary>
    /// <param name="model">The trainer's <c>[Model]</c>.</param>
    /// <param name="trainer">The trainer's full name, for the message.</param>
    /// <exception cref="InvalidOperationException">Gradients are off.</exception>
    public static void Enter(nn.Module model, string trainer)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!torch.is_grad_enabled())
        {
            throw new InvalidOperationException(
                $"{trainer}: Step was called with gradients off (inside torch.no_grad() or torch.inference_mode()), so it could not backpropagate; " +
                "call Step outside it, or call Evaluate for the losses without training.");
        }
        if (!model.training) model.train();
    }

    /// <summary>
    /// For an evaluation: gradients off and the model in eval mode until the returned scope is disposed, which puts the
    /// model back in the mode it was in (also when the evaluation throws) and gradients back as they were.
    /// </summary>
    /// <param name="model">The trainer's <c>[Model]</c>.</param>
    public static EvaluationScope Evaluation(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var scope = new EvaluationScope(model, model.training, torch.no_grad());
        model.eval();
        return scope;
    }

    /// <summary>What <see cref="Evaluation"/> changed, put back when disposed.</summary>
    public readonly struct EvaluationScope : IDisposable
    {
        private readonly nn.Module model;
        private readonly bool wasTraining;
        private readonly IDisposable noGrad;

        internal EvaluationScope(nn.Module model, bool wasTraining, IDisposable noGrad)
        {
            this.model = model;
            this.wasTraining = wasTraining;
            this.noGrad = noGrad;
        }

        /// <summary>Puts the model back in the mode it was in, and gradients back as they were.</summary>
        public void Dispose()
        {
            model?.train(wasTraining);
            noGrad?.Dispose();
        }
    }
}
