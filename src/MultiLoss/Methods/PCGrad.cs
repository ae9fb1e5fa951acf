using System;
using MultiLoss.Methods.Solvers;

namespace MultiLoss.Methods;

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
/// nothing. The c_j are reported as the losses' effective weights. The tests hold this against the projection done row
/// by row on the device, as the paper writes it.</para>
/// <para>The random order comes from SplitMix64 on a 64-bit state (<see cref="RandomState"/>) that can be saved and set,
/// so that a resumed run draws the same orders; see <see cref="SeededRandom.DrawOrder(int, int, System.Span{int})"/>.</para>
/// </remarks>
public sealed class PCGrad : GramianAggregationMethod
{
    private readonly SeededRandom random;
    private int[] orders = [];
    private double[] projections = [];

    /// <summary>PCGrad whose random orders start from <paramref name="seed"/>.</summary>
    public PCGrad(ulong seed = 0) => random = new SeededRandom(seed);

    /// <summary>The state of the random orders: read it to save a run, set it to resume one.</summary>
    public ulong RandomState
    {
        get => random.State;
        set => random.State = value;
    }

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context)
    {
        var count = context.LossCount;
        orders = new int[count * Math.Max(count - 1, 0)];
        projections = new double[count * count];
        Saved("RandomState", random);
    }

    /// <summary>
    /// Projects each row off the others it conflicts with, in this step's random orders, and sums the projections: in
    /// coefficients over the original rows, on the host from their Gramian (<see cref="ConflictProjection"/>), then one
    /// combination on the device.
    /// </summary>
    public override bool Weigh(ReadOnlySpan<double> gramian, Span<double> sums)
    {
        var count = sums.Length;
        var others = count - 1;
        for (var i = 0; i < count; i++) random.DrawOrder(i, count, orders.AsSpan(i * others, others));
        ConflictProjection.Combine(gramian, orders, projections, sums);
        return true;
    }
}
