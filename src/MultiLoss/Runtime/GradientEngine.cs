using System;
using MultiLoss.Weighting;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Runtime;

/// <summary>
/// The losses' gradients of a step: one backward pass per loss into the shared parameters (the K×N Jacobian J) or to a
/// representation, and what becomes of them in the parameters' <c>.grad</c>. It knows no method: an aggregation hands
/// it an <see cref="IGradientAggregation"/>, and a weighting method that looks at the gradients (GradNorm, ExcessMTL)
/// reads <see cref="LossGradients"/>.
/// </summary>
public sealed class GradientEngine : IDisposable
{
    private readonly MethodContext context;
    private readonly Parameter[] unshared;
    private readonly Tensor[] roots = new Tensor[2];
    private readonly Tensor[] rootGradients = new Tensor[2];
    private PerLossGradients? parameters;
    private RepresentationGradients? representation;
    private Tensor? totalGradient;

    /// <summary>The engine of <paramref name="context"/>'s trainer: its shared parameters, or its representation.</summary>
    public GradientEngine(MethodContext context)
    {
        this.context = context ?? throw new ArgumentNullException(nameof(context));
        unshared = context.SharedLayer is null || context.Representation is not null ? [] : ModuleParameters.Except(context.Model, context.SharedLayer);
    }

    /// <summary>True when some parameters of the model are not shared: the total is backpropagated into them.</summary>
    public bool HasUnsharedParameters => unshared.Length > 0;

    /// <summary>
    /// The gradient of each of <paramref name="losses"/> with respect to the shared parameters, as the rows of a [K, N]
    /// matrix (in the parameters' order): one backward pass per loss, the graph kept for the step's own backward pass,
    /// the parameters' <c>.grad</c> left as they were. A loss that is null or has no graph gives a zero row. Valid until
    /// the next call; do not change it.
    /// </summary>
    public Tensor LossGradients(ReadOnlySpan<Tensor?> losses)
    {
        var engine = Parameters;
        engine.Compute(losses, retainGraph: true);
        engine.Restore(addSum: false);
        return engine.Buffer;
    }

    /// <summary>
    /// Backpropagates each of <paramref name="weightedLosses"/> into the shared parameters on its own, has
    /// <paramref name="aggregation"/> aggregate the rows and adds the result to their <c>.grad</c>; then backpropagates
    /// <paramref name="total"/> into the parameters that are not shared (null when all are shared).
    /// </summary>
    public void Backward(ReadOnlySpan<Tensor?> weightedLosses, Tensor? total, IGradientAggregation aggregation)
    {
        ArgumentNullException.ThrowIfNull(aggregation);
        if (total is null && unshared.Length > 0) throw new ArgumentNullException(nameof(total), "The parameters outside the shared layer are trained by the total's backward pass.");
        var engine = Parameters;
        engine.Compute(weightedLosses, retainGraph: unshared.Length > 0);
        var aggregated = false;
        try
        {
            using (torch.no_grad()) aggregation.Aggregate(weightedLosses, engine.Buffer, null, engine.Sum);
            aggregated = true;
        }
        finally
        {
            engine.Restore(addSum: aggregated);
        }
        if (unshared.Length > 0) total!.backward(inputs: unshared);
    }

    /// <summary>
    /// Backpropagates each of <paramref name="weightedLosses"/> to <paramref name="at"/> only, has
    /// <paramref name="aggregation"/> aggregate those gradients, then runs one backward pass in which the layers below
    /// the representation receive the aggregated gradient and the layers above it (the heads) the gradient of
    /// <paramref name="total"/>.
    /// </summary>
    public void BackwardAt(Tensor at, ReadOnlySpan<Tensor?> weightedLosses, Tensor total, IGradientAggregation aggregation)
    {
        ArgumentNullException.ThrowIfNull(at);
        ArgumentNullException.ThrowIfNull(total);
        ArgumentNullException.ThrowIfNull(aggregation);
        var engine = representation ??= new RepresentationGradients(context.LossNames, context.Representation ?? "representation");
        engine.Compute(weightedLosses, at, context.Trainer);
        Tensor correction;
        using (torch.no_grad())
        {
            var perSample = engine.PerSample;
            var result = torch.empty(perSample.shape[1], perSample.shape[2], dtype: perSample.dtype, device: perSample.device);
            aggregation.Aggregate(weightedLosses, perSample, at, result);
            // The total's own backward pass brings Σ_i row_i to the representation; the correction turns that into the result.
            correction = result.sub_(engine.Flat.sum(dim: 0).view(result.shape)).view(at.shape);
        }
        if (totalGradient is null || totalGradient.dtype != total.dtype
            || totalGradient.device_type != total.device_type || totalGradient.device_index != total.device_index)
        {
            totalGradient?.Dispose();
            totalGradient = torch.ones_like(total).DetachFromDisposeScope();
        }
        (roots[0], roots[1], rootGradients[0], rootGradients[1]) = (total, at, totalGradient, correction);
        try
        {
            torch.autograd.backward(roots, rootGradients);
        }
        finally
        {
            Array.Clear(roots);
            Array.Clear(rootGradients);
            at.grad = null;
        }
    }

    private PerLossGradients Parameters => parameters ??= new PerLossGradients(context.SharedParameters, context.LossCount);

    /// <inheritdoc />
    public void Dispose()
    {
        parameters?.Dispose();
        representation?.Dispose();
        totalGradient?.Dispose();
    }
}
