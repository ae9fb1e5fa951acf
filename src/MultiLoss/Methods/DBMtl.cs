using System;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

/// <summary>
/// The gradient balancing of DB-MTL, dual-balancing multi-task learning (Lin et al. 2023): each loss's
/// gradient of the shared parameters is averaged over steps, ĝ_i ← β_t·ĝ_i + (1 − β_t)·g_i with β_t = β/t^σ (t from 1,
/// ĝ_i = 0 at the start), and the gradient is Σ_i (max_j ‖ĝ_j‖ / (‖ĝ_i‖ + ε))·ĝ_i with ε = 10⁻⁸: every averaged
/// gradient scaled to the largest norm.
/// </summary>
/// <remarks>
/// <para>The method's other half, loss-scale balancing, takes the gradients of log L_i instead of L_i. An aggregation
/// method is given the gradients of w_i·L_i and not the losses, so it balances the gradients it is given; to balance
/// the losses' scales too, declare the losses as their logarithms (log L_i). A declared weight w_i cancels out of the
/// direction (each averaged gradient is normalised) and only moves the largest norm.</para>
/// <para>Everything runs on the device, without a host read: the averages ĝ ([K, N], the shared parameters' dtype) are
/// updated in place. The result is a combination of the averaged gradients, not of this step's, so no effective weight
/// is reported (NaN). The averages and the step count are saved with the trainer's state (ĝ as K·N values).</para>
/// </remarks>
public sealed class DBMtl : GradientAggregationMethod
{
    /// <inheritdoc />
    protected override string DisplayName => "DB-MTL";

    /// <summary>The ε added to each averaged gradient's norm before dividing by it.</summary>
    public const double Epsilon = 1e-8;

    private Tensor? averaged;

    /// <summary>DB-MTL's gradient balancing with the averaging rate β/t^σ (β in [0, 1), σ ≥ 0).</summary>
    public DBMtl(double beta = 0.9, double betaDecay = 0.0)
    {
        if (!(beta >= 0 && beta < 1)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "β is in [0, 1).");
        Beta = beta;
        BetaDecay = FiniteNotNegative(betaDecay, "σ is finite and not negative.");
    }

    /// <summary>The averaging rate β (β_t = β/t^σ is the weight of the previous average).</summary>
    public double Beta { get; }

    /// <summary>The decay σ of the averaging rate.</summary>
    public double BetaDecay { get; }

    /// <summary>The number of aggregations so far (t of the latest).</summary>
    public long Steps { get; private set; }

    /// <summary>The averaged gradients ĝ ([K, N], owned by the method: read them, do not keep or change them).</summary>
    public Tensor Averaged => Initialized(averaged);

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context)
    {
        RequireParameterGradients(context, "averages the gradients of the shared parameters across steps");
        averaged = SavedTensor("Averaged", torch.zeros([context.LossCount, context.SharedSize], dtype: context.DType, device: context.Device));
        SavedCount("Step", () => Steps, saved => Steps = saved);
    }

    /// <summary>Averages the gradients and writes their sum, each scaled to the largest norm.</summary>
    protected override void Aggregate(Tensor jacobian, Tensor result, Tensor coefficients)
    {
        var average = averaged!;
        ThrowIfNotFinite(jacobian);
        var rate = Beta / Math.Pow(++Steps, BetaDecay);
        using (Scalar keep = rate, take = 1.0 - rate) average.mul_(keep).add_(jacobian, take);
        using var scope = torch.NewDisposeScope();
        var norms = RowNorms.Of(average);
        var scales = norms.max().div(norms.add(Constant(Epsilon)));
        result.copy_(scales.unsqueeze(0).mm(average).squeeze(0));
    }
}
