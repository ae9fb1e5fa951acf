using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Runtime;

/// <summary>
/// The gradient of each loss with respect to a fixed list of parameters, as the rows of a [losses, size] buffer that
/// this instance owns (created on the parameters' device with the instance).
/// </summary>
/// <remarks>
/// Each loss is back-propagated on its own with <c>backward(inputs: parameters)</c>, the parameters' gradients taken
/// aside first and put back after. <c>torch.autograd.grad</c> is not used: in TorchSharp 0.107 an error inside it
/// (a loss without a graph, a freed graph) terminates the process instead of throwing, and each unused input comes back
/// as an empty <c>Tensor</c> that stays counted as live in <see cref="DisposeScopeManager.Statistics"/>.
/// </remarks>
internal sealed class PerLossGradients : IDisposable
{
    private readonly Tensor[] parameters;
    private readonly Tensor?[] taken;
    private readonly bool[] reached;
    private readonly KeptTensors buffers = new();
    private Tensor[] slots = [];
    private Tensor[] sumSlots = [];
    private bool holding;
    private bool disposed;

    /// <summary>Gradients of <paramref name="lossCount"/> losses with respect to <paramref name="parameters"/>.</summary>
    public PerLossGradients(IReadOnlyList<Parameter> parameters, int lossCount)
    {
        this.parameters = [.. parameters];
        for (var p = 0; p < this.parameters.Length; p++)
        {
            var (first, parameter) = (this.parameters[0], this.parameters[p]);
            if (!parameter.requires_grad) throw new ArgumentException($"Parameter {p} does not require a gradient.", nameof(parameters));
            if (parameter.dtype != first.dtype || parameter.device_type != first.device_type || parameter.device_index != first.device_index)
            {
                throw new ArgumentException(
                    $"The parameters must share one dtype and device: parameter 0 is {first.dtype} on {first.device}, parameter {p} is {parameter.dtype} on {parameter.device}.", nameof(parameters));
            }
        }
        taken = new Tensor?[this.parameters.Length];
        reached = new bool[this.parameters.Length];
        CreateBuffers(lossCount);
    }

    /// <summary>The [losses, size] gradients of the latest <see cref="Compute"/>, size the parameters' total number of elements.</summary>
    public Tensor Buffer { get; private set; } = null!;

    /// <summary>A [size] buffer whose slices <see cref="Restore(bool)"/> can add to the gradients.</summary>
    public Tensor Sum { get; private set; } = null!;

    /// <summary>
    /// Fills row i with the gradient of <paramref name="losses"/>[i] (one per loss); a null loss, a loss without a graph,
    /// or one that does not reach a parameter, contributes zeros. The parameters' gradients are taken aside until
    /// <see cref="Restore(bool)"/>, which must follow (on failure they are restored here).
    /// </summary>
    public void Compute(ReadOnlySpan<Tensor?> losses, bool retainGraph)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var lastWithGraph = losses.Length - 1;
        while (lastWithGraph >= 0 && losses[lastWithGraph] is not { requires_grad: true }) lastWithGraph--;
        for (var p = 0; p < parameters.Length; p++)
        {
            taken[p] = parameters[p].grad;
            if (taken[p] is not null) parameters[p].grad = null;
            reached[p] = false;
        }
        holding = true;
        try
        {
            for (var i = 0; i < losses.Length; i++)
            {
                Backward(losses[i], retainGraph || i < lastWithGraph, parameters, slots.AsSpan(i * parameters.Length, parameters.Length), reached);
            }
        }
        catch
        {
            Restore(addSum: false);
            throw;
        }
    }

    /// <summary>
    /// Back-propagates <paramref name="loss"/> into <paramref name="inputs"/> only and moves each one's gradient into the
    /// row of the same index (shaped as the input), leaving the input without one: the step of each loss here, in
    /// <see cref="RepresentationGradients"/> and in <see cref="LayerGramian"/>. A null loss, a loss without a graph, or an
    /// input it does not reach gives a zero row; <paramref name="reached"/>[j] is set where a gradient came.
    /// </summary>
    internal static void Backward(Tensor? loss, bool retainGraph, Tensor[] inputs, ReadOnlySpan<Tensor> rows, Span<bool> reached)
    {
        var withGraph = loss is { requires_grad: true };
        if (withGraph) loss!.backward(retain_graph: retainGraph, inputs: inputs);
        for (var j = 0; j < inputs.Length; j++)
        {
            using var gradient = withGraph ? inputs[j].grad : null;
            if (gradient is null)
            {
                rows[j].fill_(Scalars.Zero);
                continue;
            }
            rows[j].copy_(gradient);
            inputs[j].grad = null;
            reached[j] = true;
        }
    }

    /// <summary>
    /// Puts the gradients taken aside by <see cref="Compute"/> back on the parameters; with <paramref name="addSum"/>,
    /// adds the matching slice of <see cref="Sum"/> to each (creating the gradient where there was none), as a backward
    /// pass would accumulate it. A parameter that had no gradient and that no loss reached keeps none, as after a
    /// backward pass.
    /// </summary>
    public void Restore(bool addSum)
    {
        if (!holding) return;
        holding = false;
        for (var p = 0; p < parameters.Length; p++)
        {
            var previous = taken[p];
            taken[p] = null;
            if (addSum && previous is null && reached[p])
            {
                using var fresh = sumSlots[p].clone();
                parameters[p].grad = fresh;
                continue;
            }
            if (addSum) previous?.add_(sumSlots[p], Scalars.One);
            parameters[p].grad = previous;
            previous?.Dispose();
        }
    }

    /// <summary>The buffers, on the parameters' device in their dtype, and a view of them shaped as each parameter.</summary>
    private void CreateBuffers(int lossCount)
    {
        using var scope = torch.NewDisposeScope();
        var (count, first) = (parameters.Length, parameters[0]);
        var offsets = new long[count + 1];
        for (var p = 0; p < count; p++) offsets[p + 1] = offsets[p] + parameters[p].numel();
        Buffer = buffers.Keep(torch.zeros([lossCount, offsets[count]], dtype: first.dtype, device: first.device));
        Sum = buffers.Keep(torch.zeros(offsets[count], dtype: first.dtype, device: first.device));
        slots = new Tensor[lossCount * count];
        sumSlots = new Tensor[count];
        for (var p = 0; p < count; p++)
        {
            var (offset, size, shape) = (offsets[p], offsets[p + 1] - offsets[p], parameters[p].shape);
            sumSlots[p] = buffers.Keep(Sum.narrow(0, offset, size).view(shape));
            for (var i = 0; i < lossCount; i++) slots[i * count + p] = buffers.Keep(Buffer[i].narrow(0, offset, size).view(shape));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed) return;
        Restore(addSum: false);
        disposed = true;
        buffers.Dispose();
    }
}
