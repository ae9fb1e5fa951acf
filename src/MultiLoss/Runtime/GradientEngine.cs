using System;
using MultiLoss.Methods;
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
internal sealed class GradientEngine : IDisposable
{
    private readonly MethodContext context;
    private readonly Parameter[] unshared;
    private readonly Tensor[] roots = new Tensor[2];
    private readonly Tensor[] rootGradients = new Tensor[2];
    private readonly KeptTensors layerTensors = new();
    private readonly KeptTensors totalGradients = new();
    private PerLossGradients? parameters;
    private LayerGramian? layers;
    private Tensor? layerGramian;
    private Tensor? gramianWeights;
    private Methods.HostBuffer? hostGramian;
    private Tensor[]? sharedInputs;
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

    /// <summary>True when this engine computes a Gramian aggregation's Gramian from the layers.</summary>
    public bool UsesLayerGramian => layers is not null;

    /// <summary>
    /// True once a step has taken the losses' gradients as the rows of the K×N Jacobian (the Jacobian's way, or
    /// <see cref="LossGradients"/>): the engine keeps that buffer for the steps after it.
    /// </summary>
    public bool KeepsJacobian => parameters is not null;

    /// <summary>
    /// Called by a Gramian aggregation while it initializes, before the trainer's first forward pass: when the Jacobian
    /// would take at least <see cref="GramianAggregationMethod.LayerGramianFromBytes"/> and every shared parameter is a linear layer's weight or
    /// bias, the layers are hooked so that a step computes G from their inputs and the losses' gradients at their outputs,
    /// and applies the weights with one backward pass of Σ c_i·L_i; no K×N Jacobian is kept. A step whose layers cannot
    /// give G (see the remarks of the docs) takes the Jacobian's way.
    /// </summary>
    public void PrepareForGramianAggregation()
    {
        if (layers is not null || context.Representation is not null) return;
        var jacobianBytes = context.LossCount * context.SharedSize * context.SharedParameters[0].ElementSize;
        if (jacobianBytes < GramianAggregationMethod.LayerGramianFromBytes) return;
        layers = LayerGramian.For(context.SharedLayer ?? context.Model, context.SharedParameters, context.LossCount, GramianAggregationMethod.LayerGramianFromBytes == 0 ? 0 : jacobianBytes);
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
        if (layers is null || aggregation is not IGramianAggregation weighing || !TryBackwardFromLayers(weightedLosses, weighing))
        {
            BackwardFromRows(weightedLosses, aggregation);
        }
        if (unshared.Length > 0) total!.backward(inputs: unshared);
    }

    /// <summary>The K×N rows, their aggregation under <c>no_grad</c>, and the result added to the shared parameters' <c>.grad</c>.</summary>
    private void BackwardFromRows(ReadOnlySpan<Tensor?> weightedLosses, IGradientAggregation aggregation)
    {
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
        if (!totalGradients.Fit(total)) totalGradient = totalGradients.Keep(torch.ones_like(total));
        (roots[0], roots[1], rootGradients[0], rootGradients[1]) = (total, at, totalGradient!, correction);
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

    /// <summary>
    /// G from the layers, the weights c from <paramref name="aggregation"/>, then one backward pass of Σ c_i·L_i into the
    /// shared parameters (their <c>.grad</c> accumulates, as with the Jacobian). False, with nothing changed, when this
    /// step's layers cannot give G or G is not finite: the Jacobian's way then computes it or names the problem.
    /// </summary>
    private bool TryBackwardFromLayers(ReadOnlySpan<Tensor?> weightedLosses, IGramianAggregation aggregation)
    {
        var count = context.LossCount;
        if (layerGramian is null)
        {
            layerGramian = layerTensors.Keep(torch.zeros([count, count], dtype: ScalarType.Float64, device: context.Device));
            gramianWeights = layerTensors.Keep(torch.zeros(count, dtype: ScalarType.Float64, device: context.Device));
            hostGramian = new Methods.HostBuffer(count, count);
        }
        if (!layers!.TryCompute(weightedLosses, layerGramian))
        {
            if (layers.TooLarge)
            {
                layers.Dispose();
                layers = null;
            }
            return false;
        }
        var gramian = hostGramian!.Read(layerGramian);
        if (!Methods.Solvers.SolverInputs.AllFinite(gramian)) return false;
        using (torch.no_grad()) aggregation.WeighGramian(weightedLosses, gramian, gramianWeights!);
        using var step = torch.NewDisposeScope();
        Tensor? combined = null;
        for (var i = 0; i < weightedLosses.Length; i++)
        {
            if (weightedLosses[i] is not { requires_grad: true } loss) continue;
            var term = loss.mul(gramianWeights![i].to(loss.dtype));
            combined = combined is null ? term : combined.add_(term);
        }
        combined?.backward(retain_graph: unshared.Length > 0, inputs: sharedInputs ??= [.. context.SharedParameters]);
        return true;
    }

    private PerLossGradients Parameters => parameters ??= new PerLossGradients(context.SharedParameters, context.LossCount);

    /// <inheritdoc />
    public void Dispose()
    {
        parameters?.Dispose();
        layers?.Dispose();
        layerTensors.Dispose();
        hostGramian?.Dispose();
        representation?.Dispose();
        totalGradients.Dispose();
    }
}
