using System;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

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
/// (<see cref="LossWeightingMethod.BeforeBackward"/>), so this step's total already holds the weights of the step before.
/// The first step uses α = 1 in both.</para>
/// <para>The per-loss gradients cost one backward pass per loss into the shared parameters (keeping the graph for the
/// total's). The method holds three [K, N] buffers (N the shared parameters' size): the gradients, their accumulated
/// squares, and a scratch one; nothing is allocated that grows with the steps and nothing is read on the host. α, the
/// first step's estimates and the accumulated squares are saved with the trainer's state. The total is built from a copy
/// of α·w, since this step's backward pass still needs the weights it was built with after the next ones are written.</para>
/// </remarks>
public sealed class ExcessMtl : LossWeightingMethod
{
    /// <inheritdoc />
    protected override string DisplayName => "ExcessMTL";

    private Tensor declared = null!;
    private Tensor alpha = null!;
    private Tensor baseline = null!;
    private Tensor combined = null!;
    private Tensor[] combinedWeights = [];
    private Tensor? squares;
    private Tensor? scratch;

    /// <summary>ExcessMTL with step size <paramref name="stepSize"/> (finite, positive) for the weights' update.</summary>
    public ExcessMtl(double stepSize = 1e-2) => StepSize = FinitePositive(stepSize, "The step size is a finite positive number.");

    /// <summary>The step size η of the exponentiated update.</summary>
    public double StepSize { get; }

    /// <summary>True once the first <see cref="LossWeightingMethod.BeforeBackward"/> has recorded the excess risks the later ones are divided by.</summary>
    public bool HasBaseline { get; private set; }

    /// <summary>The task weights α (shape [K], summing to K), without the declared weights: a copy.</summary>
    public Tensor Alpha() => Initialized(alpha).clone();

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context)
    {
        var count = context.LossCount;
        declared = Keep(torch.tensor(context.DeclaredWeights.ToArray(), dtype: context.DType, device: context.Device));
        alpha = SavedTensor("Weights", torch.ones(count, dtype: context.DType, device: context.Device));
        // NaN until the first step records it, in the state too.
        baseline = SavedTensor("Baseline", torch.full(count, double.NaN, dtype: context.DType, device: context.Device));
        Saved("GradientSquares", new SavedSquares(this));
        combined = Keep(torch.zeros(count, dtype: context.DType, device: context.Device));
        combinedWeights = KeepElements(combined);
        OnStateRestored();
    }

    /// <summary>Σ α_i·w_i·L_i over the losses that are not null, with the current α.</summary>
    public override Tensor Combine(ReadOnlySpan<Tensor?> losses)
    {
        // A copy: BeforeBackward writes the next step's weights before this total's backward pass, which needs these.
        combined.copy_(ReportedWeights);
        return WeightedSum(losses, combinedWeights);
    }

    /// <summary>
    /// Takes each loss's gradient of the shared parameters (keeping the graph, leaving their gradients as they were),
    /// accumulates the squares, estimates the excess risks and updates α for the next step; the first call records the
    /// estimates the later ones are divided by.
    /// </summary>
    protected override void OnBeforeBackward(ReadOnlySpan<Tensor?> losses)
    {
        var g = LossGradients(losses);
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        squares ??= Keep(torch.zeros_like(g));
        scratch ??= Keep(torch.zeros_like(g));
        squares.addcmul_(g, g, Constant(1));
        // e_i = Σ_n g_in² / √(S_in + 10⁻⁷)
        var risks = scratch.copy_(squares).add_(Constant(1e-7)).sqrt_().reciprocal_().mul_(g).mul_(g).sum(1);
        if (!HasBaseline)
        {
            baseline.copy_(risks);
            HasBaseline = true;
            return;
        }
        var logits = alpha.log().add_(risks.div(baseline).nan_to_num_(0.0, 0.0, 0.0), Constant(StepSize));
        alpha.copy_(logits.softmax(0)).mul_(Constant(LossCount));
        ReportedWeights.copy_(alpha).mul_(declared);
    }

    /// <summary>The weights α·w from the restored α; the first step's estimates were recorded where they are numbers.</summary>
    protected override void OnStateRestored()
    {
        HasBaseline = Array.Exists(HostValues(baseline), value => !double.IsNaN(value));
        ReportedWeights.copy_(alpha).mul_(declared);
    }

    /// <summary>
    /// The accumulated squares, raw in their dtype (a float32 model's are not saved as float64), with their shape and
    /// dtype under the name + "Shape"; none before the first step.
    /// </summary>
    private sealed class SavedSquares(ExcessMtl method) : ISavedState
    {
        public void Save(MethodState state, string name)
        {
            using var host = method.squares?.cpu();
            state.SetValues(name + "Shape", host is null ? [] : [host.shape[0], host.shape[1], (double)(int)host.dtype]);
            state.SetBytes(name, host is null ? [] : host.bytes.ToArray());
        }

        public void Restore(MethodState state, string name)
        {
            var shape = state.GetValues(name + "Shape");
            var bytes = state.GetBytes(name);
            if (shape.Length == 0)
            {
                method.squares?.zero_();
                return;
            }
            var rows = method.LossCount;
            var columns = method.Context.SharedSize;
            if (shape.Length != 3 || shape[0] != rows || shape[1] != columns) throw new ArgumentException($"The state's squared gradients ([{string.Join(", ", shape)}]: rows, columns, dtype) do not fit this trainer's [{rows}, {columns}].", nameof(state));
            using var host = torch.empty([rows, columns], dtype: (ScalarType)(int)shape[2]);
            if (bytes.Length != host.bytes.Length) throw new ArgumentException($"The state holds {bytes.Length} bytes of squared gradients; {host.bytes.Length} were expected.", nameof(state));
            host.bytes = bytes;
            using var _ = torch.no_grad();
            method.squares ??= method.Keep(torch.zeros([rows, columns], dtype: method.Context.DType, device: method.Context.Device));
            method.scratch ??= method.Keep(torch.zeros([rows, columns], dtype: method.Context.DType, device: method.Context.Device));
            method.squares.copy_(host);
        }
    }
}
