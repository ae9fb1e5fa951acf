using System;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Weighting;

/// <summary>
/// Random loss weighting (Lin, Ye, Xu, Shi &amp; Zhang, TMLR 2022): each step the losses are weighted by
/// λ = softmax(z), z ~ N(0, I) drawn afresh, times their declared weights: total = Σ_i λ_i·w_i·L_i.
/// </summary>
/// <remarks>
/// <para>z is drawn on the host from SplitMix64 (<see cref="SeededRandom.Next()"/>) with the Box–Muller transform, from a
/// seeded 64-bit state saved with the trainer's state, so a resumed run draws the same weights. <see cref="DrawWeights"/>
/// is the draw on its own.</para>
/// <para>The next step's weights are drawn in <see cref="Observe"/>, after this step's total was built, so an evaluation
/// (which never calls it) sees the weights the next step will use and changes nothing. Two device buffers take turns:
/// this step's backward pass still needs the weights its total was built with while the next ones are written.</para>
/// </remarks>
public sealed class RandomLossWeighting : LossWeightingMethod
{
    private const string StateName = "RandomState";
    private readonly ulong seed;
    private ulong randomState;
    private double[] drawn = [];
    private double[] scaled = [];
    private IntPtr stagingPointer;
    private Tensor? staging;
    private Tensor[] buffers = [];
    private Tensor[][] slots = [];
    private int current;

    /// <summary>Random loss weighting whose draws start from <paramref name="seed"/>.</summary>
    public RandomLossWeighting(ulong seed = 0)
    {
        this.seed = seed;
        randomState = seed;
    }

    /// <summary>The state of the draws: the next step's weights come from it.</summary>
    public ulong RandomState => randomState;

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context)
    {
        var count = context.LossCount;
        drawn = new double[count];
        scaled = new double[count];
        staging = torch.zeros(count, dtype: ScalarType.Float64);
        stagingPointer = staging.storage<double>().data_ptr();
        buffers = new Tensor[2];
        slots = new Tensor[2][];
        using (torch.NewDisposeScope())
        {
            for (var b = 0; b < 2; b++)
            {
                buffers[b] = torch.zeros(count, dtype: context.DType, device: context.Device).DetachFromDisposeScope();
                slots[b] = new Tensor[count];
                for (var i = 0; i < count; i++) slots[b][i] = buffers[b][i].DetachFromDisposeScope();
            }
        }
        randomState = seed;
        DrawNext();
    }

    /// <inheritdoc />
    public override Tensor Combine(ReadOnlySpan<Tensor?> losses)
    {
        ThrowIfDisposed();
        CheckCount(losses);
        return WeightedSum(losses, slots[current]);
    }

    /// <inheritdoc />
    public override Tensor EffectiveWeight(int i)
    {
        ThrowIfDisposed();
        CheckIndex(i);
        return slots[current][i];
    }

    /// <summary>Draws the next step's weights.</summary>
    public override void Observe(ReadOnlySpan<Tensor?> losses)
    {
        ThrowIfDisposed();
        DrawNext();
    }

    /// <summary>
    /// One draw: z_i ~ N(0, 1) for each of <paramref name="weights"/> (Box–Muller on pairs of SplitMix64 uniforms
    /// u = (x + 1)/(2⁶⁴ + 1) in (0, 1): z = √(−2 ln u₁)·cos(2π u₂)), then softmax(z) into <paramref name="weights"/>.
    /// </summary>
    public static void DrawWeights(ref ulong state, Span<double> weights)
    {
        var max = double.NegativeInfinity;
        for (var i = 0; i < weights.Length; i++)
        {
            var u1 = Uniform(ref state);
            var u2 = Uniform(ref state);
            weights[i] = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
            max = Math.Max(max, weights[i]);
        }
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = Math.Exp(weights[i] - max);
            sum += weights[i];
        }
        for (var i = 0; i < weights.Length; i++) weights[i] /= sum;
    }

    private static double Uniform(ref ulong state) => (SeededRandom.Next(ref state) + 1.0) / (18446744073709551616.0 + 1.0);

    private void DrawNext()
    {
        DrawWeights(ref randomState, drawn);
        var declared = Context.DeclaredWeights;
        for (var i = 0; i < drawn.Length; i++) scaled[i] = drawn[i] * declared[i];
        System.Runtime.InteropServices.Marshal.Copy(scaled, 0, stagingPointer, scaled.Length);
        current = 1 - current;
        using var _ = torch.no_grad();
        buffers[current].copy_(staging!);
    }

    /// <summary>Saves the state the next draw starts from, and the weights already drawn for the next step.</summary>
    protected override void OnSaveState(MethodState state)
    {
        var values = new double[2 + drawn.Length];
        values[0] = randomState >> 32;
        values[1] = randomState & uint.MaxValue;
        drawn.CopyTo(values, 2);
        state.SetValues(StateName, values);
    }

    /// <inheritdoc />
    protected override void OnRestoreState(MethodState state)
    {
        var values = state.GetValues(StateName);
        if (values.Length != 2 + drawn.Length) throw new ArgumentException($"The state holds {values.Length} values for random loss weighting; {2 + drawn.Length} were expected.", nameof(state));
        randomState = ((ulong)values[0] << 32) | (ulong)values[1];
        var declared = Context.DeclaredWeights;
        for (var i = 0; i < drawn.Length; i++)
        {
            drawn[i] = values[2 + i];
            scaled[i] = drawn[i] * declared[i];
        }
        System.Runtime.InteropServices.Marshal.Copy(scaled, 0, stagingPointer, scaled.Length);
        using var _ = torch.no_grad();
        buffers[current].copy_(staging!);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var row in slots) TensorArrays.DisposeAll(row);
            foreach (var buffer in buffers) buffer.Dispose();
            staging?.Dispose();
        }
        base.Dispose(disposing);
    }
}
