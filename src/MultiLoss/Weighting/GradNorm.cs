using System;
using System.Collections.Generic;
using MultiLoss.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Weighting;

/// <summary>
/// GradNorm (Chen, Badrinarayanan, Lee &amp; Rabinovich 2018): learnable loss weights w_i, trained so that the gradient norm
/// G_i = ‖∇_W w_i·L_i‖₂ of each weighted loss with respect to the shared parameters W tracks Ḡ·r_i^α, where Ḡ is the mean
/// of the G_i, r_i = L̃_i / mean(L̃) the relative inverse training rate, L̃_i = L_i(t) / L_i(0), and α the asymmetry.
/// </summary>
/// <remarks>
/// <para>A step, in this order:</para>
/// <list type="number">
/// <item><see cref="Total"/> (or <see cref="Term"/> per loss): Σ w_i·L_i with the weights detached, the loss the model
/// backpropagates; the weights get no gradient from it.</item>
/// <item><see cref="Backward"/>: L_grad = Σ_i |G_i − Ḡ·r_i^α| (Ḡ and r detached), back-propagated into
/// <see cref="Weights"/><c>.grad</c> only. It must come before the model's backward, whose graph it needs (it keeps it).
/// The shared parameters' gradients are left as they were.</item>
/// <item>The model's backward of the total, then the optimizer's step, which updates the model and, once
/// <see cref="Attach"/>ed, the weights.</item>
/// <item><see cref="Renormalize"/>: w ← w·T / Σw, so that the weights sum to T, the number of losses.</item>
/// </list>
/// <para>The weights are trained by the optimizer that trains the model (<see cref="Attach"/>), not by one of their own:
/// one <c>zero_grad</c>, one <c>step</c>, one learning-rate schedule, and gradient accumulation or a skipped step apply
/// to the weights exactly as to the model; the optimizer's state (saved with it) covers the weights. They
/// share the model's learning rate. The price: the weights take the optimizer's default options, weight decay included
/// (renormalisation undoes a decay that scales all weights alike, as SGD's does, but not Adam's per-weight steps).</para>
/// <para>G_i is computed as |w_i|·‖∇_W L_i‖₂ from per-loss gradients that carry no graph: since W gets no gradient from
/// L_grad, this gives the weights the same gradient as differentiating ‖∇_W (w_i·L_i)‖₂ through a double-backward graph
/// (<c>create_graph: true</c>), at the cost of one ordinary backward per loss into W. The per-loss gradients are taken
/// with <c>backward(inputs: W)</c> rather than <c>torch.autograd.grad</c>, which in TorchSharp 0.107 terminates the
/// process on an autograd error.</para>
/// <para>L_i(0) are the losses of the first <see cref="Backward"/>; they should not be 0.</para>
/// </remarks>
public sealed class GradNorm : IDisposable
{
    private readonly PerLossGradients gradients;
    private readonly Parameter weights;
    private readonly Tensor[] weightSlots;
    private readonly Tensor currentLosses;
    private readonly Tensor[] currentSlots;
    private readonly Tensor initialLosses;
    private readonly Scalar alphaScalar;
    private readonly Scalar countScalar;
    private readonly Scalar one = 1.0;
    private bool hasInitialLosses;
    private bool disposed;

    /// <summary>GradNorm over the parameters of <paramref name="sharedLayer"/> (W), for losses with the given declared weights.</summary>
    public GradNorm(nn.Module sharedLayer, ReadOnlySpan<double> declaredWeights, double alpha = 1.5)
        : this(ModuleParameters.Of(sharedLayer ?? throw new ArgumentNullException(nameof(sharedLayer))), declaredWeights, alpha)
    {
    }

    /// <summary>
    /// GradNorm over <paramref name="sharedParameters"/> (W), for losses with the given declared weights (finite, not
    /// negative, not all 0): the initial weights are these renormalised to sum to the number of losses. The weights are
    /// created on the device and dtype of the first shared parameter, so construct this after moving the model.
    /// </summary>
    public GradNorm(IReadOnlyList<Parameter> sharedParameters, ReadOnlySpan<double> declaredWeights, double alpha = 1.5)
    {
        var declared = WeightChecks.Declared(declaredWeights, nameof(declaredWeights));
        var sum = 0.0;
        foreach (var weight in declared) sum += weight;
        if (sum <= 0) throw new ArgumentException("GradNorm renormalises the weights to sum to the number of losses, so they cannot all be 0.", nameof(declaredWeights));
        if (!double.IsFinite(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α is a finite number.");
        var count = declared.Length;
        gradients = new PerLossGradients(sharedParameters, count, nameof(sharedParameters));
        Alpha = alpha;
        alphaScalar = alpha;
        countScalar = (double)count;

        var first = sharedParameters[0];
        var initial = new double[count];
        for (var i = 0; i < count; i++) initial[i] = declared[i] * count / sum;
        weightSlots = new Tensor[count];
        currentSlots = new Tensor[count];
        using (torch.NewDisposeScope())
        {
            var values = torch.tensor(initial, dtype: first.dtype, device: first.device);
            weights = new Parameter(values, requires_grad: true);
            weights.DetachFromDisposeScope();
            var detached = weights.detach();
            for (var i = 0; i < count; i++) weightSlots[i] = detached[i].DetachFromDisposeScope();
            currentLosses = torch.zeros(count, dtype: first.dtype, device: first.device).DetachFromDisposeScope();
            for (var i = 0; i < count; i++) currentSlots[i] = currentLosses[i].DetachFromDisposeScope();
            initialLosses = torch.zeros(count, dtype: first.dtype, device: first.device).DetachFromDisposeScope();
        }
    }

    /// <summary>The number of losses T.</summary>
    public int LossCount => weightSlots.Length;

    /// <summary>The asymmetry α.</summary>
    public double Alpha { get; }

    /// <summary>
    /// The learnable weights w (shape [T]), owned by this instance: do not dispose them. Change them only under
    /// <c>torch.no_grad()</c> (for example <c>copy_</c> to restore a saved state).
    /// </summary>
    public Parameter Weights
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return weights;
        }
    }

    /// <summary>True once the first <see cref="Backward"/> has recorded L_i(0).</summary>
    public bool HasInitialLosses => hasInitialLosses;

    /// <summary>
    /// Adds <see cref="Weights"/> to <paramref name="optimizer"/> (the one that trains the model) as a new parameter group
    /// with the optimizer's default options. Supported by TorchSharp's managed optimizers (SGD, Adam, AdamW, Adamax,
    /// Adadelta, Adagrad, ASGD, NAdam, RAdam, RMSProp, Rprop), not by LBFGS. Attach before saving or loading the
    /// optimizer's state, so that the groups match.
    /// </summary>
    /// <exception cref="NotSupportedException">The optimizer cannot take a new parameter group.</exception>
    /// <exception cref="InvalidOperationException">The weights are already attached to this optimizer.</exception>
    public void Attach(optim.Optimizer optimizer)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        OptimizerAttachment.Add(optimizer, weights, "GradNorm weight");
    }

    /// <summary>w_i·L_i with w_i detached: loss <paramref name="i"/>'s part of the model's loss (a new tensor in the caller's dispose scope).</summary>
    public Tensor Term(int i, Tensor loss)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        CheckIndex(i);
        ArgumentNullException.ThrowIfNull(loss);
        return loss.mul(weightSlots[i]);
    }

    /// <summary>Σ_i w_i·L_i with the weights detached: the loss the model backpropagates (a new tensor in the caller's dispose scope).</summary>
    public Tensor Total(params ReadOnlySpan<Tensor> losses)
    {
        CheckCount(losses);
        // The first term is this instance's own tensor, so the others are added into it in place.
        var total = Term(0, losses[0]);
        for (var i = 1; i < losses.Length; i++)
        {
            using var term = Term(i, losses[i]);
            total.add_(term, one);
        }
        return total;
    }

    /// <summary>
    /// Computes L_grad = Σ_i |G_i − Ḡ·r_i^α| for this step's <paramref name="losses"/> (the unweighted task losses, in
    /// order) and accumulates its gradient into <see cref="Weights"/><c>.grad</c>. Call it before the model's backward: it
    /// back-propagates each loss into the shared parameters keeping the graph, and leaves their gradients as they were.
    /// The first call records L_i(0). Returns L_grad (a new tensor in the caller's dispose scope, without a graph).
    /// </summary>
    public Tensor Backward(params ReadOnlySpan<Tensor> losses)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        CheckCount(losses);
        gradients.Compute(losses, retainGraph: true);
        gradients.Restore(addSum: false);

        using var target = Targets(losses, out var norms);
        using (norms)
        {
            // G_i = |w_i|·‖∇_W L_i‖: the only part of L_grad with a graph, leading to the weights alone.
            using var absolute = weights.abs();
            using var normsOfWeighted = absolute.mul(norms);
            using var difference = normsOfWeighted.sub(target);
            using var deviations = difference.abs();
            var gradientLoss = deviations.sum();
            gradientLoss.backward();
            return gradientLoss.detach_();
        }
    }

    /// <summary>The targets Ḡ·r_i^α (no graph) and the norms ‖∇_W L_i‖ (no graph).</summary>
    private Tensor Targets(ReadOnlySpan<Tensor> losses, out Tensor norms)
    {
        using var _ = torch.no_grad();
        for (var i = 0; i < losses.Length; i++) currentSlots[i].copy_(losses[i]);
        if (!hasInitialLosses)
        {
            initialLosses.copy_(currentLosses);
            hasInitialLosses = true;
        }
        using (var squares = gradients.Buffer.square())
        {
            norms = squares.sum(1L);
        }
        norms.sqrt_();
        using var relative = currentLosses.div(initialLosses);
        using var meanRelative = relative.mean();
        using var inverseRate = relative.div(meanRelative);
        using var normsOfWeighted = weights.abs();
        normsOfWeighted.mul_(norms);
        using var meanNorm = normsOfWeighted.mean();
        var target = inverseRate.pow(alphaScalar);
        return target.mul_(meanNorm);
    }

    /// <summary>After the optimizer's step: w ← w·T / Σw, so that the weights sum to T again (in place, no graph).</summary>
    public void Renormalize()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        using var _ = torch.no_grad();
        using var sum = weights.sum();
        weights.mul_(countScalar).div_(sum);
    }

    /// <summary>The current weight w_i of loss <paramref name="i"/>, detached (a new tensor in the caller's dispose scope, a copy: later updates do not change it).</summary>
    public Tensor Weight(int i)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        CheckIndex(i);
        return weightSlots[i].clone();
    }

    /// <summary>
    /// The current weight w_i of loss <paramref name="i"/> itself (a view of <see cref="Weights"/>, detached, no copy): for
    /// reading it at once, e.g. recording it; the optimizer's next step changes it.
    /// </summary>
    public Tensor WeightView(int i)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        CheckIndex(i);
        return weightSlots[i];
    }

    /// <summary>The current weight w_i of loss <paramref name="i"/>, read on the host (a device sync on a GPU).</summary>
    public double WeightValue(int i)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        CheckIndex(i);
        using var value = weightSlots[i].ToScalar();
        return value.ToDouble();
    }

    /// <summary>The weights, read on the host (for saving a trainer's state).</summary>
    public double[] WeightValues()
    {
        var values = new double[weightSlots.Length];
        for (var i = 0; i < values.Length; i++) values[i] = WeightValue(i);
        return values;
    }

    /// <summary>The first step's losses L_i(0), read on the host; empty before the first <see cref="Backward"/>.</summary>
    public double[] InitialLossValues()
    {
        if (!hasInitialLosses) return [];
        var values = new double[weightSlots.Length];
        for (var i = 0; i < values.Length; i++) values[i] = InitialLossValue(i);
        return values;
    }

    /// <summary>Restores values from <see cref="WeightValues"/> and <see cref="InitialLossValues"/>; an empty <paramref name="savedInitialLosses"/> means none was taken yet.</summary>
    public void RestoreValues(ReadOnlySpan<double> savedWeights, ReadOnlySpan<double> savedInitialLosses)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (savedWeights.Length != weightSlots.Length) throw new ArgumentException($"The state holds {savedWeights.Length} weights; there are {weightSlots.Length} losses.", nameof(savedWeights));
        using var _ = torch.no_grad();
        using (var values = torch.tensor(savedWeights.ToArray(), dtype: weights.dtype, device: weights.device)) weights.copy_(values);
        hasInitialLosses = savedInitialLosses.Length == weightSlots.Length;
        if (hasInitialLosses)
        {
            using var values = torch.tensor(savedInitialLosses.ToArray(), dtype: initialLosses.dtype, device: initialLosses.device);
            initialLosses.copy_(values);
        }
    }

    /// <summary>L_i(0) of loss <paramref name="i"/>, read on the host; NaN before the first <see cref="Backward"/>.</summary>
    public double InitialLossValue(int i)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        CheckIndex(i);
        if (!hasInitialLosses) return double.NaN;
        using var slot = initialLosses[i];
        using var value = slot.ToScalar();
        return value.ToDouble();
    }

    private void CheckCount(ReadOnlySpan<Tensor> losses)
    {
        if (losses.Length != weightSlots.Length)
        {
            throw new ArgumentException($"Expected {weightSlots.Length} losses, got {losses.Length}.", nameof(losses));
        }
    }

    private void CheckIndex(int i)
    {
        if ((uint)i >= (uint)weightSlots.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(i), i, $"There are {weightSlots.Length} losses.");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        gradients.Dispose();
        PerLossGradients.DisposeAll(weightSlots);
        PerLossGradients.DisposeAll(currentSlots);
        currentLosses.Dispose();
        initialLosses.Dispose();
        weights.Dispose();
        alphaScalar.Dispose();
        countScalar.Dispose();
        one.Dispose();
    }
}
