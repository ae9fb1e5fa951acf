using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

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
/// <item><see cref="LossWeightingMethod.BeforeBackward"/>: L_grad = Σ_i |G_i − Ḡ·r_i^α| (Ḡ and r detached),
/// back-propagated into <see cref="Weights"/><c>.grad</c> only. It must come before the model's backward, whose graph it needs (it keeps it).
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
/// <para>L_i(0) are the losses of the first <see cref="LossWeightingMethod.BeforeBackward"/>; they should not be 0.</para>
/// </remarks>
public sealed class GradNorm : LossWeightingMethod
{
    private Parameter? weights;
    private Tensor[] weightSlots = [];
    private Tensor currentLosses = null!;
    private Tensor[] currentSlots = [];
    private Tensor initialLosses = null!;

    /// <summary>GradNorm with asymmetry <paramref name="alpha"/> (finite, not negative).</summary>
    public GradNorm(double alpha = 1.5) => Alpha = FiniteNotNegative(alpha, "α is a finite number ≥ 0.");

    /// <summary>The asymmetry α.</summary>
    public double Alpha { get; }

    /// <summary>The learnable weights w (shape [T]). Change them only under <c>torch.no_grad()</c>.</summary>
    public Parameter Weights => Initialized(weights);

    /// <summary>True once the first <see cref="LossWeightingMethod.BeforeBackward"/> has recorded L_i(0).</summary>
    public bool HasInitialLosses { get; private set; }

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
        var initial = new double[count];
        for (var i = 0; i < count; i++) initial[i] = context.DeclaredWeights[i] * count / sum;
        using (var values = torch.tensor(initial)) weights = AddLearnable("Weights", values);
        using (var detached = weights.detach()) weightSlots = KeepElements(detached);
        currentLosses = Keep(torch.zeros(count, dtype: context.DType, device: context.Device));
        currentSlots = KeepElements(currentLosses);
        // NaN until the first step records L_i(0), in the state too.
        initialLosses = SavedTensor("InitialLosses", torch.full(count, double.NaN, dtype: context.DType, device: context.Device));
    }

    /// <summary>Σ_i w_i·L_i with the weights detached: the loss the model backpropagates; the weights get no gradient from it.</summary>
    public override Tensor Combine(ReadOnlySpan<Tensor?> losses) => WeightedSum(losses, weightSlots);

    /// <summary>The current weight w_i itself (a view of <see cref="Weights"/>, detached): the next optimizer step changes it.</summary>
    public override Tensor EffectiveWeight(int i) => weightSlots[CheckIndex(i)];

    /// <summary>
    /// Computes L_grad = Σ_i |G_i − Ḡ·r_i^α| for this step's losses (every loss, unweighted, in order) and accumulates its
    /// gradient into <see cref="Weights"/><c>.grad</c>. It back-propagates each loss into the shared parameters keeping
    /// the graph, and leaves their gradients as they were. The first call records L_i(0).
    /// </summary>
    protected override void OnBeforeBackward(ReadOnlySpan<Tensor?> losses)
    {
        // Each temporary is disposed at once (no dispose scope of its own): a step allocates no more than it must.
        using var norms = RowNorms.Of(LossGradients(losses));
        using var target = Target(losses, norms);
        // G_i = |w_i|·‖∇_W L_i‖: the only part of L_grad with a graph, leading to the weights alone.
        using var absolute = Weights.abs();
        using var normsOfWeighted = absolute.mul(norms);
        using var difference = normsOfWeighted.sub(target);
        using var deviations = difference.abs();
        using var gradientLoss = deviations.sum();
        gradientLoss.backward();
    }

    /// <summary>The target norms ḡ·r_i^α from the gradients' norms ‖∇_W L_i‖ (<paramref name="norms"/>); records L_i (and L_i(0) at the first step).</summary>
    private Tensor Target(ReadOnlySpan<Tensor?> losses, Tensor norms)
    {
        using var _ = torch.no_grad();
        for (var i = 0; i < losses.Length; i++) currentSlots[i].copy_(losses[i]!);
        if (!HasInitialLosses)
        {
            initialLosses.copy_(currentLosses);
            HasInitialLosses = true;
        }
        using var relative = currentLosses.div(initialLosses);
        using var meanRelative = relative.mean();
        using var inverseRate = relative.div(meanRelative);
        using var normsOfWeighted = Weights.abs();
        normsOfWeighted.mul_(norms);
        using var meanNorm = normsOfWeighted.mean();
        return inverseRate.pow(Constant(Alpha)).mul_(meanNorm);
    }

    /// <summary>After the weights' optimizer step: w ← w·T / Σw, so that the weights sum to T again (in place, no graph).</summary>
    protected override void OnAfterOptimizerStep()
    {
        using var _ = torch.no_grad();
        using var sum = Weights.sum();
        Weights.mul_(Constant(LossCount)).div_(sum);
    }

    /// <summary>L_i(0) were recorded where the restored ones are numbers.</summary>
    protected override void OnStateRestored() => HasInitialLosses = Array.Exists(HostValues(initialLosses), value => !double.IsNaN(value));

    /// <summary>The current weight w_i of loss <paramref name="i"/>, read on the host (a device sync on a GPU).</summary>
    public double WeightValue(int i) => weightSlots[CheckIndex(i)].ToDouble();

    /// <summary>L_i(0) of loss <paramref name="i"/>, read on the host; NaN before the first <see cref="LossWeightingMethod.BeforeBackward"/>.</summary>
    public double InitialLossValue(int i) => HostValues(Initialized(initialLosses))[CheckIndex(i)];
}
