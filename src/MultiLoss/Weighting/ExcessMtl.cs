using System;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Weighting;

/// <summary>
/// ExcessMTL (He, Zhou, Zhang, Yun, Xu, Zeng, Chilimbi &amp; Zhao 2024): task weights α_i updated by exponentiated gradient
/// ascent on each loss's estimated excess risk, its distance from convergence. The total is Σ_i α_i·w_i·L_i, where w_i is
/// the loss's declared weight, and the effective weight of loss i is α_i·w_i.
/// </summary>
/// <remarks>
/// <para>Each step, from the gradient g_i of loss i with respect to the shared parameters (the <c>[SharedLayer]</c>'s, or
/// the whole model's): the squared gradients are accumulated, S_i ← S_i + g_i², the excess risk is estimated with that
/// diagonal (AdaGrad) curvature, e_i = Σ g_i² / √(S_i + 10⁻⁷), and divided by its value at the first step, r_i = e_i / e_i(1)
/// (0 where that was 0), so that losses of different scales compare. From the second step on,
/// α ← K·softmax(log α + η·r): α_i ← α_i·exp(η·r_i), renormalised to sum to K, the number of losses; α starts at 1.</para>
/// <para>The weights that step t's gradients give are used from step t + 1 on, not at step t as in the paper and LibMTL: a
/// weighting method's total is built (<see cref="Combine"/>) before it may take the losses' gradients
/// (<see cref="BeforeBackward"/>), so this step's total already holds the weights of the step before. The first step uses
/// α = 1 in both.</para>
/// <para>The per-loss gradients cost one backward pass per loss into the shared parameters (keeping the graph for the
/// total's). The method holds three [K, N] buffers (N the shared parameters' size): the gradients, their accumulated
/// squares, and a scratch one; nothing is allocated that grows with the steps and nothing is read on the host. α, the
/// first step's estimates and the accumulated squares are saved with the trainer's state. Two device buffers of α·w take
/// turns, since this step's backward pass still needs the weights its total was built with.</para>
/// </remarks>
public sealed class ExcessMtl : LossWeightingMethod
{
    private const string WeightsName = "Weights";
    private const string BaselineName = "Baseline";
    private const string SquaresName = "GradientSquares";
    private const string SquaresShapeName = "GradientSquaresShape";
    private readonly Scalar stepSize;
    private readonly Scalar stabilizer = 1e-7;
    private Scalar? countScalar;
    private Tensor? declared;
    private Tensor? alpha;
    private Tensor? baseline;
    private Tensor? squares;
    private Tensor? scratch;
    private bool hasBaseline;
    private Tensor[] buffers = [];
    private Tensor[][] slots = [];
    private int current;

    /// <summary>ExcessMTL with step size <paramref name="stepSize"/> (finite, positive) for the weights' update.</summary>
    public ExcessMtl(double stepSize = 1e-2)
    {
        if (!double.IsFinite(stepSize) || stepSize <= 0) throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "The step size is a finite positive number.");
        StepSize = stepSize;
        this.stepSize = stepSize;
    }

    /// <summary>The step size η of the exponentiated update.</summary>
    public double StepSize { get; }

    /// <summary>True once the first <see cref="BeforeBackward"/> has recorded the excess risks the later ones are divided by.</summary>
    public bool HasBaseline => hasBaseline;

    /// <summary>The task weights α (shape [K], summing to K), without the declared weights: a copy.</summary>
    public Tensor Alpha()
    {
        ThrowIfDisposed();
        _ = Context;
        return alpha!.clone();
    }

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context)
    {
        var count = context.LossCount;
        countScalar = (double)count;
        buffers = new Tensor[2];
        slots = new Tensor[2][];
        using (torch.NewDisposeScope())
        {
            declared = torch.tensor(context.DeclaredWeights.ToArray(), dtype: context.DType, device: context.Device).DetachFromDisposeScope();
            alpha = torch.ones(count, dtype: context.DType, device: context.Device).DetachFromDisposeScope();
            baseline = torch.zeros(count, dtype: context.DType, device: context.Device).DetachFromDisposeScope();
            for (var b = 0; b < 2; b++)
            {
                buffers[b] = declared.clone().DetachFromDisposeScope();
                slots[b] = new Tensor[count];
                for (var i = 0; i < count; i++) slots[b][i] = buffers[b][i].DetachFromDisposeScope();
            }
        }
    }

    /// <summary>Σ α_i·w_i·L_i over the losses that are not null, with the current α.</summary>
    public override Tensor Combine(ReadOnlySpan<Tensor?> losses)
    {
        ThrowIfDisposed();
        CheckCount(losses);
        return WeightedSum(losses, slots[current]);
    }

    /// <summary>α_i·w_i: the weight the latest <see cref="Combine"/> used, or after a step's <see cref="BeforeBackward"/> the next step's (a view the method owns).</summary>
    public override Tensor EffectiveWeight(int i)
    {
        ThrowIfDisposed();
        CheckIndex(i);
        return slots[current][i];
    }

    /// <summary>
    /// Takes each loss's gradient of the shared parameters (keeping the graph, leaving their gradients as they were),
    /// accumulates the squares, estimates the excess risks and updates α for the next step; the first call records the
    /// estimates the later ones are divided by.
    /// </summary>
    public override void BeforeBackward(ReadOnlySpan<Tensor?> losses)
    {
        ThrowIfDisposed();
        CheckCount(losses);
        for (var i = 0; i < losses.Length; i++)
        {
            if (losses[i] is null) throw new ArgumentException($"ExcessMTL needs every loss on every step; loss {i} is missing.", nameof(losses));
        }
        var g = LossGradients(losses);
        using var _ = torch.no_grad();
        if (squares is null) CreateAccumulators(g);
        squares!.addcmul_(g, g, Runtime.Scalars.One);
        // e_i = Σ_n g_in² / √(S_in + 10⁻⁷)
        scratch!.copy_(squares).add_(stabilizer).sqrt_().reciprocal_().mul_(g).mul_(g);
        using var risks = scratch.sum(1);
        if (!hasBaseline)
        {
            baseline!.copy_(risks);
            hasBaseline = true;
            return;
        }
        using var ratios = risks.div(baseline!);
        ratios.nan_to_num_(0.0, 0.0, 0.0);
        using var logits = alpha!.log();
        logits.add_(ratios, stepSize);
        using var normalised = logits.softmax(0);
        alpha.copy_(normalised).mul_(countScalar!);
        var next = 1 - current;
        buffers[next].copy_(alpha).mul_(declared!);
        current = next;
    }

    private void CreateAccumulators(Tensor like)
    {
        using (torch.NewDisposeScope())
        {
            squares = torch.zeros_like(like).DetachFromDisposeScope();
            scratch = torch.zeros_like(like).DetachFromDisposeScope();
        }
    }

    /// <summary>Saves α, the first step's estimates (none before the first step) and the accumulated squared gradients (raw, in their dtype).</summary>
    protected override void OnSaveState(MethodState state)
    {
        state.SetValues(WeightsName, HostValues(alpha!));
        state.SetValues(BaselineName, hasBaseline ? HostValues(baseline!) : []);
        if (squares is null)
        {
            state.SetValues(SquaresShapeName, []);
            state.SetBytes(SquaresName, []);
            return;
        }
        using var scope = torch.NewDisposeScope();
        var host = squares.cpu().contiguous();
        state.SetValues(SquaresShapeName, [host.shape[0], host.shape[1], (double)(int)host.dtype]);
        state.SetBytes(SquaresName, host.bytes.ToArray());
    }

    /// <inheritdoc />
    protected override void OnRestoreState(MethodState state)
    {
        var weights = state.GetValues(WeightsName);
        var first = state.GetValues(BaselineName);
        var shape = state.GetValues(SquaresShapeName);
        var bytes = state.GetBytes(SquaresName);
        var count = LossCount;
        if (weights.Length != count || (first.Length != 0 && first.Length != count) || (shape.Length != 0 && shape.Length != 3))
        {
            throw new ArgumentException($"The state's ExcessMTL values do not fit a trainer of {count} losses.", nameof(state));
        }
        using var _ = torch.no_grad();
        using (var saved = torch.tensor(weights, dtype: alpha!.dtype, device: alpha.device)) alpha.copy_(saved);
        hasBaseline = first.Length == count;
        if (hasBaseline)
        {
            using var saved = torch.tensor(first, dtype: baseline!.dtype, device: baseline.device);
            baseline.copy_(saved);
        }
        else
        {
            baseline!.zero_();
        }
        buffers[current].copy_(alpha).mul_(declared!);
        if (shape.Length == 0)
        {
            squares?.zero_();
            return;
        }
        var rows = (long)shape[0];
        var columns = (long)shape[1];
        var dtype = (ScalarType)(int)shape[2];
        var size = 0L;
        foreach (var parameter in Context.SharedParameters) size += parameter.numel();
        if (rows != count || columns != size)
        {
            throw new ArgumentException($"The state holds squared gradients of shape [{rows}, {columns}]; this trainer's are [{count}, {size}].", nameof(state));
        }
        using var host = torch.empty(new[] { rows, columns }, dtype: dtype);
        if (bytes.Length != host.bytes.Length) throw new ArgumentException($"The state holds {bytes.Length} bytes of squared gradients; {host.bytes.Length} were expected.", nameof(state));
        host.bytes = bytes;
        if (squares is null)
        {
            using (torch.NewDisposeScope())
            {
                squares = torch.zeros(new[] { rows, columns }, dtype: Context.DType, device: Context.Device).DetachFromDisposeScope();
                scratch = torch.zeros(new[] { rows, columns }, dtype: Context.DType, device: Context.Device).DetachFromDisposeScope();
            }
        }
        squares.copy_(host);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var row in slots) TensorArrays.DisposeAll(row);
            foreach (var buffer in buffers) buffer.Dispose();
            declared?.Dispose();
            alpha?.Dispose();
            baseline?.Dispose();
            squares?.Dispose();
            scratch?.Dispose();
            countScalar?.Dispose();
            stepSize.Dispose();
            stabilizer.Dispose();
        }
        base.Dispose(disposing);
    }
}
