using System;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

/// <summary>
/// A loss-weighting method: from a step's losses to the total the model backpropagates, and each loss's effective weight.
/// </summary>
/// <remarks>
/// <para>A generated training step calls, in this order: <see cref="Combine"/> (through <see cref="TotalOf"/>, which checks its result); <see cref="EffectiveWeight"/> for each
/// active loss, to report it; <see cref="Observe"/>; then, unless the step is skipped, <see cref="BeforeBackward"/>, the
/// backward pass of the total, the trainer's optimizer step and <see cref="TrainingMethod.AfterOptimizerStep"/>. An
/// evaluation calls <see cref="Combine"/> and <see cref="EffectiveWeight"/> only, under <c>no_grad</c>: neither may
/// change the method's state.</para>
/// <para>Losses are given in declaration order; an entry is null when that loss is not part of this step's total (a
/// closed gate, another phase). Tensors a method returns are new tensors in the caller's dispose scope, or views it owns.</para>
/// </remarks>
public abstract class LossWeightingMethod : TrainingMethod
{
    private Tensor[] reportedSlots = [];
    private bool[]? signChecked;

    private protected override void InitializeCore(MethodContext context)
    {
        ReportedWeights = Keep(torch.full(context.LossCount, double.NaN, dtype: ReportedWeightType ?? context.DType, device: context.Device));
        reportedSlots = KeepElements(ReportedWeights);
    }

    /// <summary>
    /// The weights <see cref="EffectiveWeight"/> reports by default, one per loss: NaN until the method writes them
    /// (in <see cref="Combine"/>, or where it sets its weights). Of <see cref="ReportedWeightType"/>, on the context's device.
    /// </summary>
    protected Tensor ReportedWeights { get; private set; } = null!;

    /// <summary>The dtype of <see cref="ReportedWeights"/>: the context's unless a method says otherwise (float64 for weights set on the host).</summary>
    protected virtual ScalarType? ReportedWeightType => null;

    /// <summary>Loss <paramref name="i"/>'s element of <see cref="ReportedWeights"/>, a view to write in place.</summary>
    protected Tensor ReportedWeight(int i) => reportedSlots[i];

    /// <summary>Loss <paramref name="i"/>'s declared weight w_i as a <see cref="TrainingMethod.Constant"/>.</summary>
    protected Scalar DeclaredWeight(int i) => Constant(Context.DeclaredWeights[i]);

    /// <summary>
    /// The total to backpropagate over the losses that are not null: <paramref name="losses"/> has one entry per loss,
    /// and at least one is not null (<see cref="TotalOf"/> checks both).
    /// </summary>
    public abstract Tensor Combine(ReadOnlySpan<Tensor?> losses);

    /// <summary>
    /// <see cref="Combine"/>'s total, checked on the host (no device read): one value and, while gradients are on, a
    /// graph to backpropagate. A generated step calls this, not <see cref="Combine"/> directly.
    /// </summary>
    /// <exception cref="ArgumentException">There is not one entry per loss, or every loss is null.</exception>
    /// <exception cref="InvalidOperationException">The total is null, not one value, or has no graph in a step.</exception>
    public Tensor TotalOf(ReadOnlySpan<Tensor?> losses)
    {
        var active = false;
        foreach (var loss in Checked(losses)) active |= loss is not null;
        if (!active) throw new ArgumentException("At least one loss is active in a step.", nameof(losses));
        if (TakesLogarithms) CheckNotNegativeAtFirst(losses);
        var total = Combine(losses);
        var problem = total is null ? "returned null"
            : total.numel() != 1 ? $"returned a tensor of shape [{string.Join(", ", total.shape)}], not one value"
            : !total.requires_grad && torch.is_grad_enabled() ? "returned a total without a graph, which would train nothing"
            : null;
        if (problem is null) return total!;
        throw new InvalidOperationException(
            $"{DisplayName}.Combine in '{Context.Trainer}' {problem}: it must return one value computed from the losses it is given (Σ w_i·L_i), without .item(), .detach() or a new tensor made from their values.");
    }

    /// <summary>
    /// True for a method that takes the logarithm of each loss (FAMO, the scale-invariant log loss, GLS, STCH): a loss
    /// below 0 at its first step is then refused (<see cref="TotalOf"/>), as a log-likelihood given where a negative one
    /// was meant would give NaN, or a weight of 0, from the first step on.
    /// </summary>
    protected virtual bool TakesLogarithms => false;

    /// <summary>Each loss's value at the first step it is active, read once (one host read per loss in a run).</summary>
    private void CheckNotNegativeAtFirst(ReadOnlySpan<Tensor?> losses)
    {
        signChecked ??= new bool[LossCount];
        for (var i = 0; i < losses.Length; i++)
        {
            if (signChecked[i] || losses[i] is not { } loss) continue;
            signChecked[i] = true;
            var value = loss.ToDouble();
            if (!(value < 0)) continue;
            throw new InvalidOperationException(
                $"{DisplayName} in '{Context.Trainer}' takes the logarithm of each loss, but the loss '{Context.LossNames[i]}' is {value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)} at its first step. " +
                "A log-based method needs losses that are not negative (a negative log-likelihood or a squared error, not a log-likelihood): shift the loss to be at least 0, " +
                "or choose a method without logarithms (the weighted sum, DWA, uncertainty weighting).");
        }
    }

    /// <summary>
    /// The weight loss <paramref name="i"/> has in the latest <see cref="Combine"/> (a one-element tensor without a graph,
    /// read at once: the method may change it at its next update). By default its element of <see cref="ReportedWeights"/>.
    /// </summary>
    public virtual Tensor EffectiveWeight(int i) => reportedSlots[CheckIndex(i)];

    /// <summary>In a training step, after the losses were recorded: <see cref="OnObserve"/>.</summary>
    public void Observe(ReadOnlySpan<Tensor?> losses) => OnObserve(Checked(losses));

    /// <summary>Per-step statistics (DWA's epoch means), from a training step's losses (one entry per loss).</summary>
    protected virtual void OnObserve(ReadOnlySpan<Tensor?> losses)
    {
    }

    /// <summary>In a step that is not skipped, before the total's backward pass: <see cref="OnBeforeBackward"/>.</summary>
    public void BeforeBackward(ReadOnlySpan<Tensor?> losses) => OnBeforeBackward(Checked(losses));

    /// <summary>What the method does before the total's backward pass, whose graph it may use (GradNorm's gradient loss).</summary>
    protected virtual void OnBeforeBackward(ReadOnlySpan<Tensor?> losses)
    {
    }

    /// <summary>
    /// <paramref name="total"/> + <paramref name="weight"/>·<paramref name="term"/>, added in place (one fused operation),
    /// or the first term's product, a new tensor, when <paramref name="total"/> is null: for a sum Σ w_i·t_i.
    /// </summary>
    protected static Tensor AddWeighted(Tensor? total, Tensor term, Scalar weight) => total is null ? term.mul(weight) : total.add_(term, weight);

    /// <summary>
    /// Σ_i weights[i]·losses[i] over the losses that are not null (at least one): the first product a new tensor in the
    /// caller's dispose scope, the others added into it.
    /// </summary>
    protected static Tensor WeightedSum(ReadOnlySpan<Tensor?> losses, ReadOnlySpan<Tensor> weights)
    {
        Tensor? total = null;
        for (var i = 0; i < losses.Length; i++)
        {
            if (losses[i] is not { } loss) continue;
            var term = loss.mul(weights[i]);
            if (total is null) total = term;
            else using (term) total.add_(term, Runtime.Scalars.One);
        }
        return total!;
    }

    /// <summary>Disposes each of <paramref name="tensors"/> and sets it to null: for the temporaries a step keeps per loss until its end.</summary>
    protected static void DisposeEach(Tensor?[] tensors)
    {
        foreach (var tensor in tensors) tensor?.Dispose();
        Array.Clear(tensors);
    }

    /// <summary>
    /// The gradient of each of <paramref name="losses"/> with respect to the shared parameters, as the rows of a [K, N]
    /// matrix (N the shared parameters' size, in their order): one backward pass per loss, the graph kept for the step's
    /// own backward pass, the parameters' <c>.grad</c> left as they were. Every loss must be given (the method's attribute
    /// requires every loss every step); one without a graph gives a zero row. Valid until the next call; do not change it.
    /// For a method that weighs by the losses' gradients (GradNorm, ExcessMTL), from <see cref="OnBeforeBackward"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A loss is null.</exception>
    protected Tensor LossGradients(ReadOnlySpan<Tensor?> losses)
    {
        for (var i = 0; i < losses.Length; i++)
        {
            if (losses[i] is null) throw new ArgumentException($"{DisplayName} needs every loss on every step; loss {i} is missing.", nameof(losses));
        }
        return Context.Gradients.LossGradients(losses);
    }
}
