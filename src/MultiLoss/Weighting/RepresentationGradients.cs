using System;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Weighting;

/// <summary>
/// The gradient of each loss with respect to one tensor of the step's graph, the representation (a forward output
/// that the heads compute the losses from), as the rows of a [losses, B, F] buffer this instance owns: B the
/// representation's first dimension (the batch), F the product of the others.
/// </summary>
/// <remarks>
/// Each loss is back-propagated with <c>backward(inputs: [representation])</c>, which stops at the representation: the
/// layers below it are not traversed, and no parameter's gradient changes. The buffer is created again when the
/// representation's size changes (a last, smaller batch), and kept otherwise.
/// </remarks>
internal sealed class RepresentationGradients : IDisposable
{
    private readonly Tensor[] inputs = new Tensor[1];
    private readonly System.Collections.Generic.IReadOnlyList<string> lossNames;
    private readonly string representationName;
    private Tensor? buffer;
    private Tensor[]? rows;
    private Tensor? flatRows;
    private bool disposed;

    /// <summary>The gradients of the losses <paramref name="lossNames"/> at the forward output <paramref name="representationName"/>.</summary>
    public RepresentationGradients(System.Collections.Generic.IReadOnlyList<string> lossNames, string representationName)
    {
        ArgumentNullException.ThrowIfNull(lossNames);
        if (lossNames.Count < 1) throw new ArgumentOutOfRangeException(nameof(lossNames), lossNames.Count, "At least one loss is needed.");
        LossCount = lossNames.Count;
        this.lossNames = lossNames;
        this.representationName = representationName;
    }

    /// <summary>The number of losses K.</summary>
    public int LossCount { get; }

    /// <summary>The [K, B, F] gradients of the latest <see cref="Compute"/>.</summary>
    public Tensor PerSample => buffer ?? throw new InvalidOperationException("No gradients were computed yet.");

    /// <summary>The same gradients as [K, B·F], one flattened row per loss.</summary>
    public Tensor Flat => flatRows ?? throw new InvalidOperationException("No gradients were computed yet.");

    /// <summary>
    /// Fills row i with the gradient of <paramref name="losses"/>[i] with respect to <paramref name="representation"/>
    /// ([B, ...], at least one dimension); a null loss or a loss without a graph contributes zeros. The graph is kept
    /// for the backward pass that follows. A loss with a graph that does not reach the representation is refused.
    /// </summary>
    public void Compute(ReadOnlySpan<Tensor?> losses, Tensor representation, string trainer)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (losses.Length != LossCount) throw new ArgumentException($"Expected {LossCount} losses, got {losses.Length}.", nameof(losses));
        if (representation.dim() < 1 || !representation.requires_grad)
        {
            throw new InvalidOperationException(
                $"'{trainer}' aggregates the gradients at a representation of shape [{string.Join(", ", representation.shape)}]" +
                $"{(representation.requires_grad ? "" : " that does not require a gradient")}; the representation must be a forward output computed " +
                "from the model's parameters in this step, with the batch as its first dimension.");
        }
        var layout = EnsureBuffers(representation);
        inputs[0] = representation;
        try
        {
            for (var i = 0; i < losses.Length; i++)
            {
                if (losses[i] is not { requires_grad: true } loss)
                {
                    layout[i].zero_();
                    continue;
                }
                loss.backward(retain_graph: true, inputs: inputs);
                using var gradient = representation.grad;
                if (gradient is null)
                {
                    // Its row would be zeros whatever the loss does: the aggregation, and the weight it reports, would mean nothing.
                    throw new InvalidOperationException(
                        $"'{trainer}' aggregates the losses' gradients at the forward output '{representationName}', but the loss '{lossNames[i]}' is not computed from it, " +
                        $"so its gradient there is zero and its reported weight means nothing; aggregate at an output every loss is computed from, or remove [AggregateAt].");
                }
                layout[i].copy_(gradient.reshape(layout[i].shape));
                representation.grad = null;
            }
        }
        finally
        {
            inputs[0] = null!;
        }
    }

    private Tensor[] EnsureBuffers(Tensor representation)
    {
        var batch = representation.shape[0];
        var features = batch == 0 ? 0 : representation.numel() / batch;
        if (buffer is not null && buffer.shape[1] == batch && buffer.shape[2] == features
            && buffer.dtype == representation.dtype
            && buffer.device_type == representation.device_type && buffer.device_index == representation.device_index)
        {
            return rows!;
        }
        ReleaseBuffers();
        using (torch.NewDisposeScope())
        {
            var created = torch.zeros(new[] { (long)LossCount, batch, features }, dtype: representation.dtype, device: representation.device);
            var newRows = new Tensor[LossCount];
            for (var i = 0; i < LossCount; i++) newRows[i] = created[i].DetachFromDisposeScope();
            flatRows = created.view(LossCount, batch * features).DetachFromDisposeScope();
            buffer = created.DetachFromDisposeScope();
            rows = newRows;
        }
        return rows;
    }

    private void ReleaseBuffers()
    {
        TensorArrays.DisposeAll(rows);
        flatRows?.Dispose();
        buffer?.Dispose();
        rows = null;
        flatRows = null;
        buffer = null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        ReleaseBuffers();
    }
}
