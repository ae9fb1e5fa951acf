using System;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

/// <summary>
/// GradDrop, gradient sign dropout (Chen, Ngiam, Huang, Luong, Kretzschmar, Chai &amp; Anguelov 2020), on the gradients of
/// a representation (<c>[AggregateAt]</c> only). With g_i the [B, F] gradient of w_i·L_i with respect to the
/// representation A, per feature f:
/// G_i = Σ_b sgn(A_b)·g_i,b (the batch summed with the signs of the inputs, as the paper does for a batch);
/// P = ½·(1 + Σ_i G_i / (Σ_i |G_i| + ε)), the purity of the positive sign; U ~ Uniform(0, 1) drawn once per feature;
/// M_i = [P &gt; U]·[G_i &gt; 0] + [P &lt; U]·[G_i &lt; 0]; the gradient is Σ_i (ℓ + (1 − ℓ)·M_i)·g_i, each sample masked alike.
/// </summary>
/// <remarks>
/// <para>ε = 1e-7 keeps P at ½ where every G_i is 0, as in LibMTL; such a feature is dropped for every loss (M_i = 0).
/// One leak ℓ for every loss (LibMTL's choice; the paper allows one per loss): ℓ = 1 keeps every gradient, and the step
/// is that of the weighted sum.</para>
/// <para>The uniform draws come from SplitMix64 on a 64-bit state (<see cref="RandomState"/>, saved with the trainer's
/// state), F per step on the host, each the top 53 bits of a draw times 2⁻⁵³, so a run draws the same masks on any device
/// and resumes exactly. The result is not a combination of the losses' gradients: no effective weight is reported (NaN).</para>
/// </remarks>
public sealed class GradDrop : GradientAggregationMethod
{
    private const double Epsilon = 1e-7;
    private readonly SeededRandom random;
    private HostBuffer? draws;

    /// <summary>GradDrop with leak <paramref name="leak"/> in [0, 1], its draws starting from <paramref name="seed"/>.</summary>
    public GradDrop(double leak = 0.0, ulong seed = 0)
    {
        if (!(leak >= 0 && leak <= 1)) throw new ArgumentOutOfRangeException(nameof(leak), leak, "The leak is in [0, 1].");
        Leak = leak;
        random = new SeededRandom(seed);
    }

    /// <summary>The leak ℓ: the share of each loss's gradient that passes whatever its sign.</summary>
    public double Leak { get; }

    /// <summary>The state of the uniform draws: read it to save a run, set it to resume one.</summary>
    public ulong RandomState
    {
        get => random.State;
        set => random.State = value;
    }

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context)
    {
        if (context.Representation is null) throw new NotSupportedException($"GradDrop masks the elements of a representation's gradient; declare '{context.Trainer}' with [AggregateAt(\"<forward output>\")].");
        Saved("RandomState", random);
    }

    /// <summary>Never called: GradDrop works on a representation only (see <see cref="AggregateRepresentation"/>).</summary>
    protected override void Aggregate(Tensor jacobian, Tensor result, Tensor coefficients) =>
        throw new NotSupportedException("GradDrop masks the elements of a representation's gradient and needs [AggregateAt].");

    /// <summary>The sign dropout of the class summary, on the device but for the F uniform draws.</summary>
    protected override void AggregateRepresentation(Tensor perSample, Tensor representation, Tensor result, Tensor coefficients)
    {
        using var scope = torch.NewDisposeScope();
        var batch = perSample.shape[1];
        var features = perSample.shape[2];
        var signs = representation.reshape(batch, features).sign().to(perSample.dtype);
        var summed = perSample.mul(signs.unsqueeze(0)).sum(dim: 1);
        var purity = summed.sum(dim: 0).div(summed.abs().sum(dim: 0).add(Epsilon)).add(1).mul(0.5);
        var uniform = Draw(features, perSample);
        var keep = purity.gt(uniform).unsqueeze(0).logical_and(summed.gt(0))
            .logical_or(purity.lt(uniform).unsqueeze(0).logical_and(summed.lt(0)));
        var factor = keep.to(perSample.dtype).mul(1 - Leak).add(Leak);
        result.copy_(perSample.mul(factor.unsqueeze(1)).sum(dim: 0));
    }

    /// <summary>F uniform draws, drawn on the host and written to <paramref name="like"/>'s device and dtype.</summary>
    private Tensor Draw(long features, Tensor like)
    {
        if (draws is null || draws.Values.Length != features) draws = Own(new HostBuffer(features));
        var values = draws.Values;
        for (var f = 0; f < values.Length; f++) values[f] = random.NextUniform();
        var uniform = torch.empty(features, dtype: like.dtype, device: like.device);
        draws.Write(values, uniform);
        return uniform;
    }
}
