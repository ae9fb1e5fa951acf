using System;
using MultiLoss.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

/// <summary>
/// Smooth Tchebycheff scalarization, STCH (Lin, Zhang, Yang, Liu, Wang &amp; Zhang 2024): after a warm-up, the total is
/// K·μ·log Σ_i exp(w_i·(f_i − z_i)/μ) over the K active losses, a smooth maximum of the losses' distances from a
/// reference point z, with smoothing μ and the declared weights w_i as the preferences. By default the objectives are the
/// log-losses f_i = log L_i and z_i = log of loss i's mean over the last warm-up epoch (as LibMTL does); with
/// <see cref="LogLosses"/> off, f_i = L_i and z_i is that mean itself.
/// </summary>
/// <remarks>
/// <para>During the warm-up (the first <see cref="WarmupEpochs"/> epochs; call the trainer's <c>EndEpoch()</c> after each)
/// the total is Σ_i w_i·f_i: the scale-invariant log loss, or the weighted sum without <see cref="LogLosses"/>. Each loss's
/// mean over the last warm-up epoch in which it was active becomes its reference z_i; a loss never active during the
/// warm-up gets z_i = 1 with log-losses (f_i unshifted) and z_i = 0 without (the ideal point of a loss that is not negative),
/// as does every loss when <see cref="WarmupEpochs"/> is 0.</para>
/// <para>The factor K makes the effective weights, ∂total/∂L_i = K·p_i·w_i·f_i′(L_i) with p = softmax(w·(f − z)/μ), sum to
/// K·f′ when the losses are balanced, as during the warm-up. With log-losses, f_i′ = 1/L_i, and a loss below the floor ε is
/// taken as ε (weight 0; no exception, which would need a host read per step).</para>
/// <para>The log-sum-exp is taken around its largest term, so it does not overflow; the total is its full value (LibMTL's
/// leaves out the largest term, a constant for the gradient). During the warm-up, <see cref="LossWeightingMethod.Observe"/>
/// adds each active loss to a per-loss sum on the device and counts it on the host; <see cref="TrainingMethod.EndEpoch"/>
/// reads the sums once (a host read per warm-up epoch). Nothing is read on the host per step. The references, the epoch
/// count and the warm-up sums are saved with the trainer's state.</para>
/// </remarks>
public sealed class SmoothTchebycheff : LossWeightingMethod
{
    private double[] references = [];
    private EpochLossMeans? epoch;
    private Tensor[] referencePoint = [];
    private Tensor?[] floored = [];
    private Tensor?[] logs = [];
    private Tensor?[] terms = [];
    private Tensor? largest;

    /// <summary>STCH with smoothing <paramref name="mu"/> (finite, positive) after <paramref name="warmupEpochs"/> epochs (≥ 0).</summary>
    /// <param name="mu">The smoothing μ: small makes the total close to the largest term (Tchebycheff), large close to their mean.</param>
    /// <param name="warmupEpochs">The epochs before STCH starts, over whose last the reference point is measured.</param>
    /// <param name="logLosses">The objectives are the log-losses (true, as LibMTL), or the losses themselves.</param>
    /// <param name="floor">The floor ε (finite, positive) a loss is raised to before a logarithm.</param>
    public SmoothTchebycheff(double mu = 1.0, int warmupEpochs = 5, bool logLosses = true, double floor = 1e-8)
    {
        Mu = FinitePositive(mu, "μ is a finite positive number.");
        ArgumentOutOfRangeException.ThrowIfNegative(warmupEpochs);
        WarmupEpochs = warmupEpochs;
        LogLosses = logLosses;
        Floor = FinitePositive(floor, "The floor is a finite positive number.");
    }

    /// <summary>The smoothing μ.</summary>
    public double Mu { get; }

    /// <summary>The number of warm-up epochs.</summary>
    public int WarmupEpochs { get; }

    /// <summary>Whether the objectives are the log-losses.</summary>
    public bool LogLosses { get; }

    /// <summary>The floor ε of the log-losses.</summary>
    public double Floor { get; }

    /// <summary>The number of <see cref="TrainingMethod.EndEpoch"/> calls so far.</summary>
    public int CompletedEpochs { get; private set; }

    /// <summary>True once the warm-up is over and the total is the smooth Tchebycheff scalarization.</summary>
    public bool IsWarmedUp => CompletedEpochs >= WarmupEpochs;

    /// <summary>
    /// The reference z_i of loss <paramref name="i"/>: its mean over the last warm-up epoch in which it was active (NaN while
    /// it has none; after the warm-up, 1 with log-losses or 0 without for a loss never active during it).
    /// </summary>
    public double Reference(int i) => double.IsNaN(references[CheckIndex(i)]) && IsWarmedUp ? (LogLosses ? 1.0 : 0.0) : references[i];

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context)
    {
        var count = context.LossCount;
        references = SavedValues("References", new double[count]);
        Array.Fill(references, double.NaN);
        SavedCount("Epochs", () => CompletedEpochs, value => CompletedEpochs = checked((int)value));
        epoch = Saved("Epoch", new EpochLossMeans(count, context.Device));
        referencePoint = KeepElements(Keep(torch.zeros(count, dtype: context.DType, device: context.Device)));
        floored = new Tensor?[count];
        logs = new Tensor?[count];
        terms = new Tensor?[count];
        UpdateReferencePoint();
    }

    /// <inheritdoc />
    protected override bool TakesLogarithms => LogLosses;

    /// <summary>
    /// During the warm-up Σ w_i·f_i, after it K·μ·log Σ exp(w_i·(f_i − z_i)/μ), over the losses that are not null; records
    /// each one's weight ∂total/∂L_i (NaN if not active).
    /// </summary>
    public override Tensor Combine(ReadOnlySpan<Tensor?> losses)
    {
        // Each temporary is disposed as soon as it is used (no dispose scope of its own): a step allocates no more than it must.
        ReportedWeights.fill_(Scalars.NaN);
        try
        {
            return IsWarmedUp ? Scalarize(losses) : WarmupTotal(losses);
        }
        finally
        {
            DisposeEach(floored);
            DisposeEach(logs);
            DisposeEach(terms);
            largest?.Dispose();
            largest = null;
        }
    }

    /// <summary>f_i: the log of the loss floored at ε (both kept until the end of <see cref="Combine"/>), or the loss itself.</summary>
    private Tensor Objective(Tensor loss, int i)
    {
        if (!LogLosses) return loss;
        floored[i] = loss.clamp_min(Constant(Floor));
        return logs[i] = floored[i]!.log();
    }

    private Tensor WarmupTotal(ReadOnlySpan<Tensor?> losses)
    {
        Tensor? total = null;
        for (var i = 0; i < losses.Length; i++)
        {
            if (losses[i] is not { } loss) continue;
            total = AddWeighted(total, Objective(loss, i), DeclaredWeight(i));
            using var _ = torch.no_grad();
            Report(loss, i, null);
        }
        return total!;
    }

    private Tensor Scalarize(ReadOnlySpan<Tensor?> losses)
    {
        var active = 0;
        for (var i = 0; i < losses.Length; i++)
        {
            if (losses[i] is not { } loss) continue;
            active++;
            using var distance = Objective(loss, i).sub(referencePoint[i]);
            terms[i] = distance.mul(Constant(Context.DeclaredWeights[i] / Mu));
            using var _ = torch.no_grad();
            using var previous = largest;
            largest = previous is null ? terms[i]!.detach() : torch.maximum(previous, terms[i]!);
        }

        // log Σ exp(a_i) = m + log Σ exp(a_i − m), m the largest a_i (a constant: the identity holds for any m).
        Tensor? sum = null;
        for (var i = 0; i < losses.Length; i++)
        {
            if (terms[i] is not { } term) continue;
            using var shifted = term.sub(largest!);
            using var previous = sum;
            var exponential = shifted.exp();
            // Not in place: exp's backward needs its result.
            if (previous is null) sum = exponential;
            else using (exponential) sum = previous.add(exponential);
        }
        using var logSum = sum!.log();
        sum.Dispose();
        logSum.add_(largest!, Scalars.One);
        var total = logSum.mul(Constant(active * Mu));
        using (torch.no_grad())
        {
            for (var i = 0; i < losses.Length; i++)
            {
                if (losses[i] is not { } loss) continue;
                // K·p_i·w_i·f_i′ with p_i = exp(a_i − log Σ exp a).
                using var share = terms[i]!.sub(logSum);
                Report(loss, i, share.exp_().mul_(Constant(active)));
            }
        }
        return total;
    }

    /// <summary>Writes w_i·f_i′(L_i), times <paramref name="factor"/> if given, as loss i's weight (under no_grad).</summary>
    private void Report(Tensor loss, int i, Tensor? factor)
    {
        if (!LogLosses)
        {
            if (factor is null) ReportedWeight(i).fill_(DeclaredWeight(i));
            else ReportedWeight(i).copy_(factor).mul_(DeclaredWeight(i));
            return;
        }
        using var weight = floored[i]!.reciprocal();
        weight.mul_(DeclaredWeight(i));
        if (factor is not null) weight.mul_(factor);
        using var below = loss.lt(Constant(Floor));
        ReportedWeight(i).copy_(weight.masked_fill_(below, Constant(0.0)));
    }

    /// <summary>During the warm-up, adds each active loss to its sum for this epoch, without a graph.</summary>
    protected override void OnObserve(ReadOnlySpan<Tensor?> losses)
    {
        if (!IsWarmedUp) epoch!.Add(losses);
    }

    /// <summary>
    /// Ends an epoch. During the warm-up, reads the sums once (a device sync on a GPU) and makes each active loss's mean
    /// its reference; after the last warm-up epoch, the scalarization starts.
    /// </summary>
    protected override void OnEndEpoch()
    {
        if (!IsWarmedUp) epoch!.End(references);
        CompletedEpochs++;
        UpdateReferencePoint();
    }

    /// <summary>z on the device: log max(z_i, ε) with log-losses, z_i without (the fallback for a loss without a mean).</summary>
    private void UpdateReferencePoint()
    {
        if (!IsWarmedUp) return;
        using var _ = torch.no_grad();
        for (var i = 0; i < references.Length; i++)
        {
            var z = Reference(i);
            referencePoint[i].fill_(LogLosses ? Math.Log(Math.Max(z, Floor)) : z);
        }
    }

    /// <inheritdoc />
    protected override void OnStateRestored() => UpdateReferencePoint();
}
