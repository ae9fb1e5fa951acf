using System;
using System.Collections.Generic;
using MultiLoss.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Weighting;

/// <summary>
/// PCGrad, gradient surgery (Yu, Kumar, Gupta, Levine, Hausman &amp; Finn 2020): with g_i the gradient of loss i with
/// respect to the shared parameters, each g_i is projected, for each other loss j in a random order, onto the normal
/// plane of g_j when the two conflict: if g_i·g_j &lt; 0 then g_i ← g_i − (g_i·g_j)/‖g_j‖²·g_j (g_i the projection so
/// far, g_j the original). The gradient is Σ_i g_i.
/// </summary>
/// <remarks>
/// <para>Each projection is a combination of the original gradients, so the projections are computed as coefficients
/// on the host, in float64, from the K×K Gramian (one device read per step, K³ multiply-adds), and the device does only
/// the Gramian and one combination Σ_j c_j·g_j: no K² passes over the N-element rows. A g_j of zero norm projects
/// nothing. The c_j are reported as the losses' effective weights. <see cref="Project"/> is the same projection done
/// row by row on the device, for reference.</para>
/// <para>The random order comes from SplitMix64 on a 64-bit state (<see cref="RandomState"/>) that can be saved and set,
/// so that a resumed run draws the same orders; see <see cref="DrawOrder"/>.</para>
/// </remarks>
public sealed class PcGrad : GramianAggregationMethod
{
    private const string RandomStateName = "RandomState";
    private int[] order = [];
    private double[] projections = [];
    private ulong randomState;

    /// <summary>PCGrad whose random orders start from <paramref name="seed"/>.</summary>
    public PcGrad(ulong seed = 0)
    {
        randomState = seed;
    }

    /// <summary>The state of the random orders: read it to save a run, set it to resume one.</summary>
    public ulong RandomState
    {
        get => randomState;
        set => randomState = value;
    }

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context)
    {
        var count = context.LossCount;
        order = new int[Math.Max(count - 1, 0)];
        projections = new double[count * count];
    }

    /// <summary>Saves the random state.</summary>
    protected override void OnSaveState(MethodState state) => state.SetRandomState(RandomStateName, randomState);

    /// <inheritdoc />
    protected override void OnRestoreState(MethodState state) => randomState = state.GetRandomState(RandomStateName, "PCGrad");

    /// <summary>
    /// Projects each row off the others it conflicts with, in this step's random orders, and sums the projections: in
    /// coefficients over the original rows, on the host from their Gramian (row i of C holds g_i's projection as
    /// Σ_k C_ik·g_k, so g_i·g_j = Σ_k C_ik·G_kj), then one combination on the device.
    /// </summary>
    public override bool Weigh(ReadOnlySpan<double> gramian, Span<double> sums)
    {
        var count = sums.Length;
        Array.Clear(projections);
        for (var i = 0; i < count; i++)
        {
            projections[i * count + i] = 1;
            DrawOrder(ref randomState, i, count, order);
            foreach (var j in order)
            {
                var dot = 0.0;
                for (var k = 0; k < count; k++) dot += projections[i * count + k] * gramian[k * count + j];
                var squaredNorm = gramian[j * count + j];
                if (dot < 0 && squaredNorm > 0) projections[i * count + j] -= dot / squaredNorm;
            }
        }
        sums.Clear();
        for (var i = 0; i < count; i++)
        {
            for (var k = 0; k < count; k++) sums[k] += projections[i * count + k];
        }
        return true;
    }

    /// <summary>
    /// The orders PCGrad uses: fills <paramref name="order"/> (length K − 1) with the losses other than
    /// <paramref name="i"/>, shuffled. They start ascending (0 … K−1 without i); then, for k from K − 2 down to 1, a draw
    /// r in [0, k] (SplitMix64 on <paramref name="state"/>, mapped to the range as ⌊x·(k+1)/2⁶⁴⌋) swaps positions k and r.
    /// <see cref="Weigh"/> draws, for i = 0 … K−1 in turn, from <see cref="RandomState"/>.
    /// </summary>
    public static void DrawOrder(ref ulong state, int i, int lossCount, Span<int> order)
    {
        if (lossCount < 1) throw new ArgumentOutOfRangeException(nameof(lossCount), lossCount, "At least one loss is needed.");
        if ((uint)i >= (uint)lossCount) throw new ArgumentOutOfRangeException(nameof(i), i, $"There are {lossCount} losses.");
        if (order.Length != lossCount - 1) throw new ArgumentException($"The order has room for {order.Length} losses, not {lossCount - 1}.", nameof(order));
        for (int j = 0, k = 0; j < lossCount; j++)
        {
            if (j != i) order[k++] = j;
        }
        for (var k = order.Length - 1; k >= 1; k--)
        {
            var r = (int)Math.BigMul(NextRandom(ref state), (ulong)(k + 1), out _);
            (order[k], order[r]) = (order[r], order[k]);
        }
    }

    /// <summary>SplitMix64 (Steele, Lea &amp; Flood 2014): advances <paramref name="state"/> and returns the next 64 random bits.</summary>
    public static ulong NextRandom(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>
    /// The projection on its own: given the per-loss gradients as the rows of <paramref name="gradients"/> ([K, N]) and,
    /// for each loss i in turn, the other losses in the order to apply them (<paramref name="order"/>: K blocks of K − 1
    /// indices), returns the projected rows g_i (a new [K, N] tensor; the input is not changed).
    /// </summary>
    public static Tensor Project(Tensor gradients, ReadOnlySpan<int> order)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (gradients.dim() != 2) throw new ArgumentException($"The gradients are a [K, N] matrix, not a tensor of shape [{string.Join(", ", gradients.shape)}].", nameof(gradients));
        var count = checked((int)gradients.shape[0]);
        CheckOrder(order, count);
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        using var tinyValue = Tiny(gradients.dtype);
        using var zeroValue = (Scalar)0.0;
        using var minusOneValue = (Scalar)(-1.0);
        var result = gradients.detach().clone();
        var squared = torch.empty(count, dtype: gradients.dtype, device: gradients.device);
        SquaredNorms(gradients, squared, tinyValue);
        for (var i = 0; i < count; i++)
        {
            var row = result[i];
            for (var k = 0; k < count - 1; k++)
            {
                var j = order[i * (count - 1) + k];
                ProjectOnce(row, gradients[j], squared[j], zeroValue, minusOneValue).Dispose();
            }
        }
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Σ_i of <see cref="Project"/>: the PCGrad gradient as a new [N] tensor.</summary>
    public static Tensor ProjectAndSum(Tensor gradients, ReadOnlySpan<int> order)
    {
        using var projectedRows = Project(gradients, order);
        return projectedRows.sum(dim: 0L);
    }

    private static void CheckOrder(ReadOnlySpan<int> order, int count)
    {
        if (order.Length != count * (count - 1))
        {
            throw new ArgumentException($"The order has {order.Length} entries; {count} losses need {count} blocks of {count - 1}.", nameof(order));
        }
        for (var i = 0; i < count; i++)
        {
            ulong seen = 0;
            for (var k = 0; k < count - 1; k++)
            {
                var j = order[i * (count - 1) + k];
                if ((uint)j >= (uint)count || j == i || count <= 64 && (seen & (1UL << j)) != 0)
                {
                    throw new ArgumentException($"Block {i} of the order must hold each loss other than {i} once.", nameof(order));
                }
                if (count <= 64) seen |= 1UL << j;
            }
        }
    }

    /// <summary>g_i ← g_i − min(g_i·g_j, 0)/‖g_j‖²·g_j, in place, on the device; returns the coefficient (a new tensor).</summary>
    private static Tensor ProjectOnce(Tensor gi, Tensor gj, Tensor squaredNormJ, Scalar zero, Scalar minusOne)
    {
        var coefficient = gi.dot(gj);
        coefficient.clamp_max_(zero).div_(squaredNormJ);
        gi.addcmul_(gj, coefficient, minusOne);
        return coefficient;
    }

    /// <summary>‖g_j‖² per row into <paramref name="target"/>, at least the dtype's smallest normal number so that g_j = 0 divides to 0.</summary>
    private static void SquaredNorms(Tensor gradients, Tensor target, Scalar tiny)
    {
        using var squares = gradients.square();
        using var sums = squares.sum(1L);
        target.copy_(sums).clamp_min_(tiny);
    }

    private static Scalar Tiny(ScalarType dtype) => torch.finfo(dtype).tiny;
}
