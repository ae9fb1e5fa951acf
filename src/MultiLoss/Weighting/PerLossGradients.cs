using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Weighting;

/// <summary>
/// The gradient of each loss with respect to a fixed list of parameters, as the rows of a [losses, size] buffer that
/// this instance owns (created on the parameters' device at the first <see cref="Compute"/>).
/// </summary>
/// <remarks>
/// Each loss is back-propagated on its own with <c>backward(inputs: parameters)</c>, the parameters' gradients taken
/// aside first and put back after. <c>torch.autograd.grad</c> is not used: in TorchSharp 0.107 an error inside it
/// (a loss without a graph, a freed graph) terminates the process instead of throwing, and each unused input comes back
/// as an empty <c>Tensor</c> that stays counted as live in <see cref="DisposeScopeManager.Statistics"/>.
/// </remarks>
internal sealed class PerLossGradients : IDisposable
{
    private readonly Parameter[] parameters;
    private readonly Tensor[] inputs;
    private readonly long[] offsets;
    private readonly Tensor?[] taken;
    private readonly bool[] reached;
    private readonly Scalar one = 1.0;
    private Tensor? buffer;
    private Tensor[]? rows;
    private Tensor[]? slots;
    private Tensor? sum;
    private Tensor[]? sumSlots;
    private bool holding;
    private bool disposed;

    /// <summary>Gradients of <paramref name="lossCount"/> losses with respect to <paramref name="parameters"/>.</summary>
    public PerLossGradients(IReadOnlyList<Parameter> parameters, int lossCount, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0) throw new ArgumentException("At least one parameter is needed.", parameterName);
        if (lossCount < 1) throw new ArgumentOutOfRangeException(nameof(lossCount), lossCount, "At least one loss is needed.");
        this.parameters = new Parameter[parameters.Count];
        inputs = new Tensor[parameters.Count];
        offsets = new long[parameters.Count + 1];
        taken = new Tensor?[parameters.Count];
        reached = new bool[parameters.Count];
        for (var p = 0; p < parameters.Count; p++)
        {
            var parameter = parameters[p] ?? throw new ArgumentException($"Parameter {p} is null.", parameterName);
            if (!parameter.requires_grad) throw new ArgumentException($"Parameter {p} does not require a gradient.", parameterName);
            this.parameters[p] = parameter;
            inputs[p] = parameter;
            offsets[p + 1] = offsets[p] + parameter.numel();
        }
        LossCount = lossCount;
    }

    /// <summary>The number of losses (rows).</summary>
    public int LossCount { get; }

    /// <summary>The number of parameter elements (columns).</summary>
    public long Size => offsets[^1];

    /// <summary>The [losses, size] gradients of the latest <see cref="Compute"/>.</summary>
    public Tensor Buffer => buffer ?? throw new InvalidOperationException("No gradients were computed yet.");

    /// <summary>Row views of <see cref="Buffer"/>: the flattened gradient of each loss.</summary>
    public Tensor[] Rows => rows ?? throw new InvalidOperationException("No gradients were computed yet.");

    /// <summary>A [size] buffer whose slices <see cref="Restore(bool)"/> can add to the gradients.</summary>
    public Tensor Sum => sum ?? throw new InvalidOperationException("No gradients were computed yet.");

    /// <summary>
    /// Fills row i with the gradient of <paramref name="losses"/>[i]; a null loss, a loss without a graph, or one that does not reach
    /// a parameter, contributes zeros. The parameters' gradients are taken aside until <see cref="Restore(bool)"/>,
    /// which must follow (on failure they are restored here).
    /// </summary>
    public void Compute(ReadOnlySpan<Tensor?> losses, bool retainGraph)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (losses.Length != LossCount)
        {
            throw new ArgumentException($"Expected {LossCount} losses, got {losses.Length}.", nameof(losses));
        }
        var lastWithGraph = -1;
        for (var i = 0; i < losses.Length; i++)
        {
            if (losses[i] is { requires_grad: true }) lastWithGraph = i;
        }
        var rowSlots = slots ?? CreateBuffers();
        TakeGradientsAside();
        try
        {
            var count = parameters.Length;
            for (var i = 0; i < losses.Length; i++)
            {
                if (losses[i] is not { requires_grad: true })
                {
                    rows![i].fill_(Runtime.Scalars.Zero);
                    continue;
                }
                losses[i]!.backward(retain_graph: retainGraph || i < lastWithGraph, inputs: inputs);
                for (var p = 0; p < count; p++)
                {
                    var slot = rowSlots[i * count + p];
                    using var gradient = parameters[p].grad;
                    if (gradient is null)
                    {
                        slot.fill_(Runtime.Scalars.Zero);
                    }
                    else
                    {
                        slot.copy_(gradient);
                        parameters[p].grad = null;
                        reached[p] = true;
                    }
                }
            }
        }
        catch
        {
            Restore(addSum: false);
            throw;
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
            if (addSum && previous is not null)
            {
                previous.add_(sumSlots![p], one);
            }
            else if (addSum && reached[p])
            {
                using var fresh = sumSlots![p].clone();
                parameters[p].grad = fresh;
                continue;
            }
            parameters[p].grad = previous;
            previous?.Dispose();
        }
    }

    private void TakeGradientsAside()
    {
        for (var p = 0; p < parameters.Length; p++)
        {
            var gradient = parameters[p].grad;
            taken[p] = gradient;
            if (gradient is not null) parameters[p].grad = null;
            reached[p] = false;
        }
        holding = true;
    }

    private Tensor[] CreateBuffers()
    {
        var first = parameters[0];
        var device = first.device;
        var dtype = first.dtype;
        for (var p = 1; p < parameters.Length; p++)
        {
            if (parameters[p].dtype != dtype || parameters[p].device.type != device.type || parameters[p].device.index != device.index)
            {
                throw new InvalidOperationException(
                    $"The parameters must share one dtype and device: parameter 0 is {dtype} on {device}, parameter {p} is {parameters[p].dtype} on {parameters[p].device}.");
            }
        }
        var count = parameters.Length;
        var newRows = new Tensor[LossCount];
        var newSlots = new Tensor[LossCount * count];
        var newSumSlots = new Tensor[count];
        using (torch.NewDisposeScope())
        {
            var newBuffer = torch.zeros(new[] { (long)LossCount, Size }, dtype: dtype, device: device).DetachFromDisposeScope();
            var newSum = torch.zeros(Size, dtype: dtype, device: device).DetachFromDisposeScope();
            for (var i = 0; i < LossCount; i++)
            {
                newRows[i] = newBuffer[i].DetachFromDisposeScope();
                for (var p = 0; p < count; p++)
                {
                    newSlots[i * count + p] = newRows[i].narrow(0, offsets[p], offsets[p + 1] - offsets[p]).view(parameters[p].shape).DetachFromDisposeScope();
                }
            }
            for (var p = 0; p < count; p++)
            {
                newSumSlots[p] = newSum.narrow(0, offsets[p], offsets[p + 1] - offsets[p]).view(parameters[p].shape).DetachFromDisposeScope();
            }
            buffer = newBuffer;
            sum = newSum;
        }
        rows = newRows;
        slots = newSlots;
        sumSlots = newSumSlots;
        return newSlots;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed) return;
        Restore(addSum: false);
        disposed = true;
        TensorArrays.DisposeAll(slots);
        TensorArrays.DisposeAll(rows);
        TensorArrays.DisposeAll(sumSlots);
        buffer?.Dispose();
        sum?.Dispose();
        one.Dispose();
    }
}
