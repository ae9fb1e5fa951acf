using static TorchSharp.torch;

namespace MultiLoss.Benchmarks;

/// <summary>The two losses of every benchmark (cheap, single-op, as in the seed) and their weights.</summary>
public static class Losses
{
    public const double ClassificationWeight = 0.7;
    public const double RegressionWeight = 0.3;

    /// <summary>The gate's threshold on the cross-entropy: between batch A's (below ~1.5) and batch B's (≥ 2.30); see <see cref="Workload"/>.</summary>
    public const double GateThreshold = 2.0;

    /// <summary>
    /// Phase 1 of the phased trainer lasts this many steps: longer than any benchmark run, so a phase-1 benchmark
    /// stays in phase 1; the phase-2 benchmark moves to phase 2 in its setup.
    /// </summary>
    public const int PhaseOneSteps = 1_000_000_000;

    public static Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    public static Tensor Regression(Tensor output, Tensor onehot) => nn.functional.mse_loss(output, onehot);
}
