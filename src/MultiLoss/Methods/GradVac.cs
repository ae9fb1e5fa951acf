using System;
using MultiLoss.Methods.Solvers;

namespace MultiLoss.Methods;

/// <summary>
/// Gradient Vaccine, GradVac (Wang, Tsvetkov, Firat &amp; Cao 2021): each pair of losses (i, j) has a target cosine
/// similarity φ̂_ij, an exponential moving average of the similarities seen so far (0 at the start). With g_i the
/// gradient of w_i·L_i of the shared parameters, each g_i is adjusted, for each other loss j in a random order: with
/// φ_ij = cos(g_i', g_j) (g_i' the adjusted gradient so far, g_j the original), if φ_ij &lt; φ̂_ij then
/// g_i' ← g_i' + ‖g_i'‖·(φ̂_ij·√(1 − φ_ij²) − φ_ij·√(1 − φ̂_ij²)) / (‖g_j‖·√(1 − φ̂_ij²))·g_j, which makes
/// cos(g_i', g_j) = φ̂_ij; then φ̂_ij ← (1 − β)·φ̂_ij + β·φ_ij. The gradient is Σ_i g_i'.
/// </summary>
/// <remarks>
/// <para>Every g_i' is a combination Σ_k C_ik·g_k of the original gradients, so the whole procedure runs on the host
/// over the K×K Gramian G = J·Jᵀ in float64 (one device read per step): g_i'·g_j = Σ_k C_ik·G_kj and
/// ‖g_i'‖² = Σ_kl C_ik·G_kl·C_il. The result Σ_j c_j·g_j, with c_j = Σ_i C_ij, is combined on the device, and the c_j
/// are reported as the losses' effective weights. See <see cref="GradientVaccine.Combine"/>.</para>
/// <para>A cosine with a zero gradient is taken as 0; no adjustment is made toward a zero gradient, nor toward a target
/// of 1 (which no finite adjustment reaches). The targets are updated in every case.</para>
/// <para>The random orders are PCGrad's (<see cref="SeededRandom.DrawOrder(int, int, System.Span{int})"/>), from a seeded 64-bit state; the targets and
/// the random state are saved with the trainer's state.</para>
/// </remarks>
public sealed class GradVac : GramianAggregationMethod
{
    private readonly SeededRandom random;
    private double[] targets = [];
    private int[] orders = [];
    private double[] combination = [];

    /// <summary>GradVac with the moving-average rate β in [0, 1] and random orders starting from <paramref name="seed"/>.</summary>
    public GradVac(double beta = 0.01, ulong seed = 0)
    {
        if (!(beta >= 0 && beta <= 1)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "β is in [0, 1].");
        Beta = beta;
        random = new SeededRandom(seed);
    }

    /// <summary>The moving-average rate β of the targets.</summary>
    public double Beta { get; }

    /// <summary>The state of the random orders.</summary>
    public ulong RandomState => random.State;

    /// <summary>The target φ̂_ij of the pair (<paramref name="i"/>, <paramref name="j"/>): the one the next step uses.</summary>
    public double Target(int i, int j) => targets[CheckIndex(i) * LossCount + CheckIndex(j)];

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context)
    {
        var count = context.LossCount;
        targets = SavedValues("Targets", new double[count * count]);
        Saved("RandomState", random);
        orders = new int[count * Math.Max(count - 1, 0)];
        combination = new double[count * count];
    }

    /// <summary>Adjusts the gradients toward their targets on the host and writes their sum.</summary>
    public override bool Weigh(ReadOnlySpan<double> gramian, Span<double> weights)
    {
        var count = weights.Length;
        var others = count - 1;
        for (var i = 0; i < count; i++) random.DrawOrder(i, count, orders.AsSpan(i * others, others));
        GradientVaccine.Combine(gramian, count, orders, targets, Beta, combination, weights);
        return true;
    }

    /// <summary>Checks the restored targets: cosines, in [-1, 1].</summary>
    protected override void OnStateRestored()
    {
        if (!Array.TrueForAll(targets, value => value >= -1 && value <= 1)) throw new ArgumentException("GradVac's targets are cosines, in [-1, 1].", "state");
    }
}
