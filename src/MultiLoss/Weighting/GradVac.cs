using System;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Weighting;

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
/// are reported as the losses' effective weights. See <see cref="Combine"/>.</para>
/// <para>A cosine with a zero gradient is taken as 0; no adjustment is made toward a zero gradient, nor toward a target
/// of 1 (which no finite adjustment reaches). The targets are updated in every case.</para>
/// <para>The random orders are PCGrad's (<see cref="SeededRandom.DrawOrder(int, int, System.Span{int})"/>), from a seeded 64-bit state; the targets and
/// the random state are saved with the trainer's state.</para>
/// </remarks>
public sealed class GradVac : GramianAggregationMethod
{
    private readonly double beta;
    private readonly SeededRandom random;
    private double[] targets = [];
    private int[] orders = [];
    private double[] combination = [];

    /// <summary>GradVac with the moving-average rate β in [0, 1] and random orders starting from <paramref name="seed"/>.</summary>
    public GradVac(double beta = 0.01, ulong seed = 0)
    {
        if (!(beta >= 0 && beta <= 1)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "β is in [0, 1].");
        this.beta = beta;
        random = new SeededRandom(seed);
    }

    /// <summary>The moving-average rate β of the targets.</summary>
    public double Beta => beta;

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
        Combine(gramian, count, orders, targets, beta, combination, weights);
        return true;
    }

    /// <summary>
    /// One GradVac step over the Gramian: from <paramref name="gramian"/> (K×K, row-major, G_ij = g_i·g_j), the orders
    /// (K blocks of K − 1 indices: block i holds the other losses in the order g_i is adjusted toward them) and the
    /// targets (K×K, row-major, φ̂_ij; updated in place), writes the combination C (K×K, row i the coefficients of g_i'
    /// over the original gradients) and the weights c_j = Σ_i C_ij of the result Σ_j c_j·g_j.
    /// </summary>
    public static void Combine(ReadOnlySpan<double> gramian, int count, ReadOnlySpan<int> orders, Span<double> targets, double beta, Span<double> combination, Span<double> weights)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "At least one loss is needed.");
        var cells = count * count;
        if (gramian.Length != cells) throw new ArgumentException($"A Gramian of {count} losses has {cells} entries, not {gramian.Length}.", nameof(gramian));
        if (targets.Length != cells) throw new ArgumentException($"{count} losses have {cells} targets, not {targets.Length}.", nameof(targets));
        if (combination.Length != cells) throw new ArgumentException($"The combination of {count} losses has {cells} entries, not {combination.Length}.", nameof(combination));
        if (weights.Length != count) throw new ArgumentException($"There are {count} weights, not {weights.Length}.", nameof(weights));
        var others = count - 1;
        if (orders.Length != count * others) throw new ArgumentException($"The orders of {count} losses have {count * others} entries, not {orders.Length}.", nameof(orders));
        for (var i = 0; i < count; i++)
        {
            for (var k = 0; k < others; k++)
            {
                var j = orders[i * others + k];
                if ((uint)j >= (uint)count || j == i) throw new ArgumentException($"Block {i} of the orders holds {j}.", nameof(orders));
            }
        }
        combination.Clear();
        for (var i = 0; i < count; i++)
        {
            var row = combination.Slice(i * count, count);
            row[i] = 1.0;
            for (var k = 0; k < others; k++)
            {
                var j = orders[i * others + k];
                var normJ = Math.Sqrt(Math.Max(gramian[j * count + j], 0.0));
                var normI = Math.Sqrt(SquaredNorm(gramian, count, row));
                var dot = 0.0;
                for (var m = 0; m < count; m++) dot += row[m] * gramian[m * count + j];
                var cosine = normI > 0 && normJ > 0 ? Math.Clamp(dot / (normI * normJ), -1.0, 1.0) : 0.0;
                ref var target = ref targets[i * count + j];
                if (cosine < target && normJ > 0)
                {
                    var targetSine = Math.Sqrt(Math.Max(1.0 - target * target, 0.0));
                    if (targetSine > 0)
                    {
                        var sine = Math.Sqrt(Math.Max(1.0 - cosine * cosine, 0.0));
                        row[j] += normI * (target * sine - cosine * targetSine) / (normJ * targetSine);
                    }
                }
                target = (1.0 - beta) * target + beta * cosine;
            }
        }
        weights.Clear();
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < count; j++) weights[j] += combination[i * count + j];
        }
    }

    /// <summary>‖Σ_k c_k·g_k‖² = Σ_kl c_k·G_kl·c_l (at least 0).</summary>
    private static double SquaredNorm(ReadOnlySpan<double> gramian, int count, ReadOnlySpan<double> c)
    {
        var sum = 0.0;
        for (var k = 0; k < count; k++)
        {
            if (c[k] == 0) continue;
            var inner = 0.0;
            for (var l = 0; l < count; l++) inner += gramian[k * count + l] * c[l];
            sum += c[k] * inner;
        }
        return Math.Max(sum, 0.0);
    }

    /// <summary>Checks the restored targets: cosines, in [-1, 1].</summary>
    protected override void OnStateRestored()
    {
        foreach (var value in targets)
        {
            if (!(value >= -1 && value <= 1)) throw new ArgumentException("GradVac's targets are cosines, in [-1, 1].", "state");
        }
    }
}
