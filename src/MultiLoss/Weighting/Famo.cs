using System;
using System.IO;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Weighting;

/// <summary>
/// FAMO, fast adaptive multitask optimization (Liu, Liu, Jiang, Stone &amp; Liu, NeurIPS 2023): task logits ξ, weights
/// z = softmax(ξ), and the total Σ_i z_i·w_i·log(L_i + ε) / c with c = Σ_i z_i·w_i / (L_i + ε) (no gradient), so that
/// loss i's gradient is weighted by z_i·w_i / (c·(L_i + ε)). After each optimizer step the losses are computed again on
/// the same batch; with δ_i = log(L_i + ε) − log(L_i' + ε), how much each loss fell, the logits take one Adam step whose
/// gradient is ∂(zᵀδ)/∂ξ = z ∘ (δ − zᵀδ): the losses that fell most lose weight, those that fell least gain it.
/// </summary>
/// <remarks>
/// <para>As in the paper and LibMTL, the logits have an Adam of their own (learning rate α, default 0.025, L2 weight
/// decay γ, default 0.001), not the model's optimizer, and start at 0 (equal weights). The losses' lower bounds are 0
/// (LibMTL keeps them at 0 too); ε = 1e-8. The declared weights w_i scale each loss's share; with every w_i = 1 this is
/// FAMO as published.</para>
/// <para>The losses after the step come from the generated step (<see cref="RequiresLossesAfterStepAttribute"/>): one more
/// forward pass per optimizer step, without a backward pass. The logits' update runs on the device: no host read.</para>
/// </remarks>
public sealed class Famo : LossWeightingMethod
{
    private const string LogitsName = "Logits";
    private const string OptimizerName = "LogitsOptimizer";
    private const double Epsilon = 1e-8;
    private readonly double learningRate;
    private readonly double weightDecay;
    private readonly Scalar epsilon = Epsilon;
    private Parameter? logits;
    private Adam? optimizer;
    private Tensor? declared;
    private Tensor? before;
    private Tensor? active;
    private Tensor[] beforeSlots = [];
    private Tensor[] activeSlots = [];
    private Tensor?[] lastWeights = [];

    /// <summary>FAMO whose logits learn with rate <paramref name="learningRate"/> and weight decay <paramref name="weightDecay"/>.</summary>
    public Famo(double learningRate = 0.025, double weightDecay = 1e-3)
    {
        if (!double.IsFinite(learningRate) || learningRate <= 0) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The logits' learning rate is a finite positive number.");
        if (!double.IsFinite(weightDecay) || weightDecay < 0) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "The logits' weight decay is a finite number ≥ 0.");
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
    }

    /// <summary>The task logits ξ (shape [K], 0 at the start); z = softmax(ξ).</summary>
    public Parameter Logits => logits ?? throw new InvalidOperationException("FAMO is not initialized: call Initialize(context) first.");

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context)
    {
        var count = context.LossCount;
        logits = new Parameter(torch.zeros(count, dtype: context.DType, device: context.Device), requires_grad: true);
        optimizer = new Adam([logits], learningRate, weight_decay: weightDecay);
        declared = torch.tensor(context.DeclaredWeights.ToArray(), dtype: context.DType, device: context.Device);
        before = torch.zeros(count, dtype: context.DType, device: context.Device);
        active = torch.zeros(count, dtype: context.DType, device: context.Device);
        beforeSlots = new Tensor[count];
        activeSlots = new Tensor[count];
        for (var i = 0; i < count; i++)
        {
            beforeSlots[i] = before[i];
            activeSlots[i] = active[i];
        }
        lastWeights = new Tensor?[count];
    }

    /// <inheritdoc />
    public override Tensor Combine(ReadOnlySpan<Tensor?> losses)
    {
        ThrowIfDisposed();
        CheckCount(losses);
        using var scope = torch.NewDisposeScope();
        // z_i·w_i, and c = Σ z_i·w_i / (L_i + ε) over the active losses, without a graph.
        using var shares = Shares();
        Tensor? normalizer = null;
        for (var i = 0; i < losses.Length; i++)
        {
            lastWeights[i] = null;
            if (losses[i] is not { } loss) continue;
            var shifted = loss.detach().add(epsilon);
            var part = shares[i].div(shifted);
            normalizer = normalizer is null ? part : normalizer.add_(part);
        }
        if (normalizer is null) throw new ArgumentException("At least one loss is active in a step.", nameof(losses));
        Tensor? total = null;
        for (var i = 0; i < losses.Length; i++)
        {
            if (losses[i] is not { } loss) continue;
            var logLoss = loss.add(epsilon).log();
            var weight = shares[i].div(normalizer);
            var term = logLoss.mul(weight);
            total = total is null ? term : total.add_(term);
            // The weight of L_i's gradient: z_i·w_i / (c·(L_i + ε)).
            lastWeights[i] = weight.div(loss.detach().add(epsilon)).MoveToOuterDisposeScope();
        }
        return total!.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override Tensor EffectiveWeight(int i)
    {
        ThrowIfDisposed();
        CheckIndex(i);
        if (lastWeights[i] is { IsInvalid: false } weight) return weight;
        using var shares = Shares();
        return shares[i].clone();
    }

    /// <summary>Keeps this step's losses (before the optimizer step) and which were active.</summary>
    public override void Observe(ReadOnlySpan<Tensor?> losses)
    {
        ThrowIfDisposed();
        CheckCount(losses);
        using var _ = torch.no_grad();
        for (var i = 0; i < losses.Length; i++)
        {
            if (losses[i] is { } loss)
            {
                beforeSlots[i].copy_(loss);
                activeSlots[i].fill_(Runtime.Scalars.One);
            }
            else
            {
                activeSlots[i].fill_(Runtime.Scalars.Zero);
            }
        }
    }

    /// <summary>
    /// One Adam step of the logits from how much each active loss fell: δ_i = log(L_i + ε) − log(L_i' + ε) (0 for a
    /// loss that was not active), gradient ∂(zᵀδ)/∂ξ = z ∘ (δ − zᵀδ).
    /// </summary>
    public override void AfterStep(ReadOnlySpan<Tensor?> lossesAfterStep)
    {
        ThrowIfDisposed();
        CheckCount(lossesAfterStep);
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var after = before!.clone();
        for (var i = 0; i < lossesAfterStep.Length; i++)
        {
            if (lossesAfterStep[i] is { } loss) after[i].copy_(loss);
        }
        var fell = before!.add(epsilon).log_().sub_(after.add_(epsilon).log_()).mul_(active!);
        var z = Logits.softmax(0);
        var mean = z.dot(fell);
        Logits.grad = z.mul(fell.sub_(mean));
        optimizer!.step();
        Logits.grad = null;
    }

    private Tensor Shares()
    {
        using var _ = torch.no_grad();
        return Logits.softmax(0).mul_(declared!);
    }

    /// <summary>Saves the logits and their Adam's state.</summary>
    protected override void OnSaveState(MethodState state)
    {
        using (var onHost = Logits.detach().to(ScalarType.Float64, CPU))
        {
            state.SetValues(LogitsName, onHost.data<double>().ToArray());
        }
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) optimizer!.save_state_dict(writer);
        state.SetBytes(OptimizerName, stream.ToArray());
    }

    /// <inheritdoc />
    protected override void OnRestoreState(MethodState state)
    {
        var values = state.GetValues(LogitsName);
        if (values.Length != LossCount) throw new ArgumentException($"The state holds {values.Length} FAMO logits; there are {LossCount} losses.", nameof(state));
        using (torch.no_grad())
        using (var saved = torch.tensor(values, dtype: Logits.dtype, device: Logits.device))
        {
            Logits.copy_(saved);
        }
        using var stream = new MemoryStream(state.GetBytes(OptimizerName), writable: false);
        using var reader = new BinaryReader(stream);
        optimizer!.load_state_dict(reader);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            optimizer?.Dispose();
            logits?.Dispose();
            TensorArrays.DisposeAll(beforeSlots);
            TensorArrays.DisposeAll(activeSlots);
            declared?.Dispose();
            before?.Dispose();
            active?.Dispose();
            epsilon.Dispose();
        }
        base.Dispose(disposing);
    }
}
