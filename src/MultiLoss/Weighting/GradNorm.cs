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
/// <item><see cref="Combine"/>: Σ w_i·L_i with the weights detached, the loss the model
/// backpropagates; the weights get no gradient from it.</item>
/// <item><see cref="BeforeBackward"/>: L_grad = Σ_i |G_i − Ḡ·r_i^α| (Ḡ and r detached), back-propagated into
/// <see cref="Weights"/><c>.grad</c> only. It must come before the model's backward, whose graph it needs (it keeps it).
/// The shared parameters' gradients are left as they were.</item>
/// <item>The model's backward of the total, then the optimizer's step, and <see cref="TrainingMethod.AfterOptimizerStep"/>:
/// the weights' step, then w ← w·T / Σw, so that the weights sum to T, the number of losses.</item>
/// </list>
/// <para>The weights are learnable weights of the method (<see cref="TrainingMethod"/>): they take the options of the
/// trainer's optimizer and its learning-rate schedule, and a skipped step skips them too. The price: weight decay
/// applies to them as well (renormalisation undoes a decay that scales all weights alike, as SGD's does, but not Adam's
/// per-weight steps).</para>
/// <para>G_i is computed as |w_i|·‖∇_W L_i‖₂ from per-loss gradients that carry no graph: since W gets no gradient from
/// L_grad, this gives the weights the same gradient as differentiating ‖∇_W (w_i·L_i)‖₂ through a double-backward graph
/// (<c>create_graph: true</c>), at the cost of one ordinary backward per loss into W. The per-loss gradients are taken
/// with <c>backward(inputs: W)</c> rather than <c>torch.autograd.grad</c>, which in TorchSharp 0.107 terminates the
/// process on an autograd error.</para>
/// <para>L_i(0) are the losses of the first <see cref="BeforeBackward"/>; they should not be 0.</para>
/// </remarks>
public sealed class GradNorm : LossWeightingMethod
{
    private const string InitialLossesName = "InitialLosses";
    private Parameter? weights;
    private Tensor[] weightSlots = [];
    private Tensor? currentLosses;
    private Tensor[] currentSlots = [];
    private Tensor? initialLosses;
    private readonly Scalar alphaScalar;
    private Scalar? countScalar;
    private bool hasInitialLosses;

    /// <summary>GradNorm with asymmetry <paramref name="alpha"/> (finite, not negative).</summary>
    public GradNorm(double alpha = 1.5)
    {
        if (!double.IsFinite(alpha) || alpha < 0) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α is a finite number ≥ 0.");
        Alpha = alpha;
        alphaScalar = alpha;
    }

    /// <summary>The asymmetry α.</summary>
    public double Alpha { get; }

    /// <summary>The learnable weights w (shape [T]). Change them only under <c>torch.no_grad()</c>.</summary>
    public Parameter Weights => weights ?? throw new InvalidOperationException("GradNorm is not initialized: call Initialize(context) first.");

    /// <summary>True once the first <see cref="BeforeBackward"/> has recorded L_i(0).</summary>
    public bool HasInitialLosses => hasInitialLosses;

    /// <summary>
    /// W is the context's shared parameters; the initial weights are the declared weights (not all 0) renormalised to sum
    /// to the number of losses.
    /// </summary>
    protected override void OnInitialize(MethodContext context)
    {
        var count = context.LossCount;
        var sum = 0.0;
        foreach (var weight in context.DeclaredWeights) sum += weight;
        if (sum <= 0) throw new ArgumentException("GradNorm renormalises the weights to sum to the number of losses, so they cannot all be 0.", nameof(context));
        countScalar = (double)count;
        var initial = new double[count];
        for (var i = 0; i < count; i++) initial[i] = context.DeclaredWeights[i] * count / sum;
        using (var values = torch.tensor(initial)) weights = AddLearnable("Weights", values);
        weightSlots = new Tensor[count];
        currentSlots = new Tensor[count];
        using (torch.NewDisposeScope())
        {
            var detached = weights.detach();
            for (var i = 0; i < count; i++) weightSlots[i] = detached[i].DetachFromDisposeScope();
            currentLosses = torch.zeros(count, dtype: context.DType, device: context.Device).DetachFromDisposeScope();
            for (var i = 0; i < count; i++) currentSlots[i] = currentLosses[i].DetachFromDisposeScope();
            initialLosses = torch.zeros(count, dtype: context.DType, device: context.Device).DetachFromDisposeScope();
        }
    }

    /// <summary>Σ_i w_i·L_i with the weights detached: the loss the model backpropagates; the weights get no gradient from it.</summary>
    public override Tensor Combine(ReadOnlySpan<Tensor?> losses)
    {
        ThrowIfDisposed();
        CheckCount(losses);
        return WeightedSum(losses, weightSlots);
    }

    /// <summary>The current weight w_i itself (a view of <see cref="Weights"/>, detached): the next optimizer step changes it.</summary>
    public override Tensor EffectiveWeight(int i)
    {
        ThrowIfDisposed();
        CheckIndex(i);
        return weightSlots[i];
    }

    /// <summary>
    /// Computes L_grad = Σ_i |G_i − Ḡ·r_i^α| for this step's losses (every loss, unweighted, in order) and accumulates its
    /// gradient into <see cref="Weights"/><c>.grad</c>. It back-propagates each loss into the shared parameters keeping
    /// the graph, and leaves their gradients as they were. The first call records L_i(0).
    /// </summary>
    public override void BeforeBackward(ReadOnlySpan<Tensor?> losses)
    {
        ThrowIfDisposed();
        CheckCount(losses);
        for (var i = 0; i < losses.Length; i++)
        {
            if (losses[i] is null) throw new ArgumentException($"GradNorm needs every loss on every step; loss {i} is missing.", nameof(losses));
        }
        var gradients = LossGradients(losses);
        using var target = Targets(losses, gradients, out var norms);
        using (norms)
        {
            // G_i = |w_i|·‖∇_W L_i‖: the only part of L_grad with a graph, leading to the weights alone.
            using var absolute = Weights.abs();
            using var normsOfWeighted = absolute.mul(norms);
            using var difference = normsOfWeighted.sub(target);
            using var deviations = difference.abs();
            using var gradientLoss = deviations.sum();
            gradientLoss.backward();
        }
    }

    /// <summary>The targets Ḡ·r_i^α (no graph) and the norms ‖∇_W L_i‖ (no graph).</summary>
    private Tensor Targets(ReadOnlySpan<Tensor?> losses, Tensor gradients, out Tensor norms)
    {
        using var _ = torch.no_grad();
        for (var i = 0; i < losses.Length; i++) currentSlots[i].copy_(losses[i]!);
        if (!hasInitialLosses)
        {
            initialLosses!.copy_(currentLosses!);
            hasInitialLosses = true;
        }
        norms = RowNorms.Of(gradients);
        using var relative = currentLosses!.div(initialLosses!);
        using var meanRelative = relative.mean();
        using var inverseRate = relative.div(meanRelative);
        using var normsOfWeighted = Weights.abs();
        normsOfWeighted.mul_(norms);
        using var meanNorm = normsOfWeighted.mean();
        var target = inverseRate.pow(alphaScalar);
        return target.mul_(meanNorm);
    }

    /// <summary>After the weights' optimizer step: w ← w·T / Σw, so that the weights sum to T again (in place, no graph).</summary>
    protected override void OnAfterOptimizerStep()
    {
        using var _ = torch.no_grad();
        using var sum = Weights.sum();
        Weights.mul_(countScalar!).div_(sum);
    }

    /// <summary>The current weight w_i of loss <paramref name="i"/>, read on the host (a device sync on a GPU).</summary>
    public double WeightValue(int i)
    {
        ThrowIfDisposed();
        CheckIndex(i);
        using var value = weightSlots[i].ToScalar();
        return value.ToDouble();
    }

    /// <summary>L_i(0) of loss <paramref name="i"/>, read on the host; NaN before the first <see cref="BeforeBackward"/>.</summary>
    public double InitialLossValue(int i)
    {
        ThrowIfDisposed();
        CheckIndex(i);
        if (!hasInitialLosses) return double.NaN;
        using var slot = initialLosses![i];
        using var value = slot.ToScalar();
        return value.ToDouble();
    }

    /// <summary>Saves L_i(0) (empty before the first step).</summary>
    protected override void OnSaveState(MethodState state)
    {
        var values = hasInitialLosses ? new double[LossCount] : [];
        for (var i = 0; i < values.Length; i++) values[i] = InitialLossValue(i);
        state.SetValues(InitialLossesName, values);
    }

    /// <inheritdoc />
    protected override void OnRestoreState(MethodState state)
    {
        var saved = state.GetValues(InitialLossesName);
        hasInitialLosses = saved.Length == LossCount;
        if (!hasInitialLosses) return;
        using var _ = torch.no_grad();
        using var values = torch.tensor(saved, dtype: initialLosses!.dtype, device: initialLosses.device);
        initialLosses.copy_(values);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            TensorArrays.DisposeAll(weightSlots);
            TensorArrays.DisposeAll(currentSlots);
            currentLosses?.Dispose();
            initialLosses?.Dispose();
            alphaScalar.Dispose();
            countScalar?.Dispose();
        }
        base.Dispose(disposing);
    }
}
