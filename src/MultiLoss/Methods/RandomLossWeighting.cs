using System;
using MultiLoss.Methods.Solvers;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

/// <summary>
/// Random loss weighting (Lin, Ye, Xu, Shi &amp; Zhang, TMLR 2022): each step the losses are weighted by
/// λ = softmax(z), z ~ N(0, I) drawn afresh, times their declared weights: total = Σ_i λ_i·w_i·L_i.
/// </summary>
/// <remarks>
/// <para>z is drawn on the host from SplitMix64 (<see cref="SeededRandom.Next(ref ulong)"/>) with the Box–Muller transform, from a
/// seeded 64-bit state saved with the trainer's state, so a resumed run draws the same weights. <see cref="DrawWeights"/>
/// is the draw on its own.</para>
/// <para>The next step's weights are drawn in <see cref="LossWeightingMethod.Observe"/>, after this step's total was built, so an evaluation
/// (which never calls it) sees the weights the next step will use and changes nothing. The total is built from a copy of
/// the weights: this step's backward pass still needs them after the next ones are written.</para>
/// </remarks>
public sealed class RandomLossWeighting : LossWeightingMethod
{
    private readonly SeededRandom random;
    private double[] drawn = [];
    private HostBuffer weights = null!;
    private Tensor combined = null!;
    private Tensor[] combinedWeights = [];

    /// <summary>Random loss weighting whose draws start from <paramref name="seed"/>.</summary>
    public RandomLossWeighting(ulong seed = 0) => random = new SeededRandom(seed);

    /// <summary>The state of the draws: the next step's weights come from it.</summary>
    public ulong RandomState => random.State;

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context)
    {
        Saved("RandomState", random);
        drawn = SavedValues("DrawnWeights", new double[context.LossCount]);
        weights = Own(new HostBuffer(context.LossCount));
        combined = Keep(torch.zeros(context.LossCount, dtype: context.DType, device: context.Device));
        combinedWeights = KeepElements(combined);
        DrawNext();
    }

    /// <inheritdoc />
    public override Tensor Combine(ReadOnlySpan<Tensor?> losses)
    {
        // A copy: Observe draws the next step's weights before this total's backward pass, which needs these.
        combined.copy_(ReportedWeights);
        return WeightedSum(losses, combinedWeights);
    }

    /// <summary>Draws the next step's weights.</summary>
    protected override void OnObserve(ReadOnlySpan<Tensor?> losses) => DrawNext();

    /// <summary>
    /// One draw: z_i ~ N(0, 1) for each of <paramref name="weights"/> (Box–Muller on pairs of SplitMix64 uniforms
    /// u = (x + 1)/(2⁶⁴ + 1) in (0, 1): z = √(−2 ln u₁)·cos(2π u₂)), then softmax(z) into <paramref name="weights"/>.
    /// </summary>
    public static void DrawWeights(ref ulong state, Span<double> weights)
    {
        for (var i = 0; i < weights.Length; i++)
        {
            var u1 = Uniform(ref state);
            var u2 = Uniform(ref state);
            weights[i] = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }
        Softmax.Into(weights);
    }

    private static double Uniform(ref ulong state) => (SeededRandom.Next(ref state) + 1.0) / (18446744073709551616.0 + 1.0);

    private void DrawNext()
    {
        var state = random.State;
        DrawWeights(ref state, drawn);
        random.State = state;
        SetWeights();
    }

    /// <inheritdoc />
    protected override void OnStateRestored() => SetWeights();

    /// <summary>The next step's weights λ_i·w_i, from the weights drawn for it.</summary>
    private void SetWeights()
    {
        var scaled = weights.Values;
        for (var i = 0; i < drawn.Length; i++) scaled[i] = drawn[i] * Context.DeclaredWeights[i];
        weights.Write(scaled, ReportedWeights);
    }
}
