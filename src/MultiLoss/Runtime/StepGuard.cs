using System;
using System.ComponentModel;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Runtime;

/// <summary>
/// What a generated step checks before its forward pass: gradients on and the model in training mode
/// (<see cref="TrainingMode.Enter"/>) on every step, and, once per model and optimizer, that the optimizer holds some of
/// the model's parameters: otherwise every step would compute gradients and change nothing.
/// </summary>
/// <param name="trainer">The trainer's full name, for the messages.</param>
/// <param name="modelMember">The name of the trainer's <c>[Model]</c> member.</param>
/// <param name="optimizerMember">The name of the trainer's <c>[Optimizer]</c> member.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class StepGuard(string trainer, string modelMember, string optimizerMember)
{
    private nn.Module? checkedModel;
    private optim.Optimizer? checkedOptimizer;

    /// <summary>Checks and sets what a step needs; the parameter check runs again only when a member is replaced.</summary>
    /// <exception cref="InvalidOperationException">Gradients are off, or the optimizer holds none of the model's parameters.</exception>
    public void Enter(nn.Module model, optim.Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        TrainingMode.Enter(model, trainer);
        if (ReferenceEquals(model, checkedModel) && ReferenceEquals(optimizer, checkedOptimizer)) return;
        EnsureOptimizerHoldsModel(model, optimizer);
        (checkedModel, checkedOptimizer) = (model, optimizer);
    }

    private void EnsureOptimizerHoldsModel(nn.Module model, optim.Optimizer optimizer)
    {
        // A parameter is known by where its values are (an optimizer may hold its own wrappers of the same tensors); reading
        // a storage makes tensors of its own, which the scope frees.
        using var scope = torch.NewDisposeScope();
        var trainable = model.parameters().Where(parameter => parameter.requires_grad && parameter.numel() > 0).Select(Location).ToHashSet();
        if (trainable.Count == 0 || optimizer.parameters().Any(parameter => parameter.numel() > 0 && trainable.Contains(Location(parameter)))) return;
        throw new InvalidOperationException(
            $"{trainer}: the optimizer '{optimizerMember}' holds none of the parameters of the model '{modelMember}', so each step would compute " +
            $"gradients and change nothing; create the optimizer over the model's parameters, e.g. torch.optim.Adam({modelMember}.parameters()), " +
            "after the model is built and moved to its device.");
    }

    // storage<T>() of another element type than the tensor's copies it, so the pointer is read with the tensor's own type;
    // a parameter of a rarer type is known by its handle.
    private static (IntPtr Data, long Offset) Location(Tensor parameter) => parameter.dtype switch
    {
        ScalarType.Float32 => (parameter.storage<float>().data_ptr(), parameter.storage_offset()),
        ScalarType.Float64 => (parameter.storage<double>().data_ptr(), parameter.storage_offset()),
        ScalarType.Float16 => (parameter.storage<Half>().data_ptr(), parameter.storage_offset()),
        _ => (parameter.Handle, -1),
    };
}
