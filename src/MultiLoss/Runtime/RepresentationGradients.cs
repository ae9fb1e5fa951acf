using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Runtime;

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
internal sealed class RepresentationGradients(IReadOnlyList<string> lossNames, string representationName) : IDisposable
{
    private readonly Tensor[] inputs = new Tensor[1];
    private readonly bool[] reached = new bool[1];
    private readonly KeptTensors buffers = new();
    private Tensor[] rows = [];

    /// <summary>The [K, B, F] gradients of the latest <see cref="Compute"/>.</summary>
    public Tensor PerSample { get; private set; } = null!;

    /// <summary>The same gradients as [K, B·F], one flattened row per loss.</summary>
    public Tensor Flat { get; private set; } = null!;

    /// <summary>
    /// Fills row i with the gradient of <paramref name="losses"/>[i] (one per loss) with respect to
    /// <paramref name="representation"/> ([B, ...], at least one dimension); a null loss or a loss without a graph
    /// contributes zeros. The graph is kept for the backward pass that follows. A loss with a graph that does not reach
    /// the representation is refused.
    /// </summary>
    public void Compute(ReadOnlySpan<Tensor?> losses, Tensor representation, string trainer)
    {
        if (representation.dim() < 1 || !representation.requires_grad)
        {
            throw new InvalidOperationException(
                $"'{trainer}' aggregates the gradients at a representation of shape [{string.Join(", ", representation.shape)}]" +
                $"{(representation.requires_grad ? "" : " that does not require a gradient")}; the representation must be a forward output computed " +
                "from the model's parameters in this step, with the batch as its first dimension.");
        }
        EnsureBuffers(representation);
        inputs[0] = representation;
        try
        {
            for (var i = 0; i < losses.Length; i++)
            {
                reached[0] = false;
                PerLossGradients.Backward(losses[i], retainGraph: true, inputs, rows.AsSpan(i, 1), reached);
                // A loss not computed from the representation would have a zero row whatever it does: the aggregation,
                // and the weight it reports, would mean nothing.
                if (losses[i] is { requires_grad: true } && !reached[0])
                {
                    throw new InvalidOperationException(
                        $"'{trainer}' aggregates the losses' gradients at the forward output '{representationName}', but the loss '{lossNames[i]}' is not computed from it, " +
                        $"so its gradient there is zero and its reported weight means nothing; aggregate at an output every loss is computed from, or remove [AggregateAt].");
                }
            }
        }
        finally
        {
            inputs[0] = null!;
        }
    }

    /// <summary>The buffers for <paramref name="representation"/>'s shape, dtype and device: kept while they fit.</summary>
    private void EnsureBuffers(Tensor representation)
    {
        var shape = representation.shape;
        if (buffers.Fit(representation, shape)) return;
        var batch = shape[0];
        var features = batch == 0 ? 0 : representation.numel() / batch;
        using var scope = torch.NewDisposeScope();
        var count = lossNames.Count;
        PerSample = buffers.Keep(torch.zeros([count, batch, features], dtype: representation.dtype, device: representation.device));
        Flat = buffers.Keep(PerSample.view(count, batch * features));
        rows = new Tensor[count];
        for (var i = 0; i < count; i++) rows[i] = buffers.Keep(PerSample[i].view(shape));
    }

    /// <inheritdoc />
    public void Dispose() => buffers.Dispose();
}
