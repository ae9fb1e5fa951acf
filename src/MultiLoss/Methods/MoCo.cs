using System;
using MultiLoss.Methods.Solvers;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

/// <summary>
/// MoCo, multi-objective gradient correction (Fernando, Shen, Liu, Chaudhury, Murugesan &amp; Chen 2023): each loss has a
/// tracked gradient y_i, a moving average of its stochastic gradients, and the losses have weights λ on the simplex.
/// At step t (from 1), with g_i the gradient of w_i·L_i of the shared parameters, Y the K×N matrix of the y_i and
/// β_t = β/t^σ_β, γ_t = γ/t^σ_γ:
/// y_i ← y_i − β_t·(y_i − g_i); λ ← Π_Δ(λ − γ_t·(Y·Yᵀ + ρ·I)·λ); the gradient is Yᵀ·λ = Σ_i λ_i·y_i.
/// Y starts at 0 and λ at 1/K; Π_Δ is the Euclidean projection onto the simplex {λ ≥ 0, Σλ = 1}.
/// </summary>
/// <remarks>
/// <para>Y lives on the device ([K, N], the shared parameters' dtype) and is updated in place; Y·Yᵀ is read on the host
/// in float64 (one device read per step), where λ is updated and projected (exactly: the sort-based projection,
/// <see cref="BalancingAlgebra.ProjectOntoSimplex"/>, no iteration). The result is a combination of the tracked gradients, not of this
/// step's, so no effective weight is reported (NaN); <see cref="Lambda"/> reads λ.</para>
/// <para>Y, λ and the step count are saved with the trainer's state (Y as K·N values).</para>
/// </remarks>
public sealed class MoCo : GradientAggregationMethod
{
    private double[] lambda = [];
    private Tensor? tracked;

    /// <summary>MoCo with the tracking step β/t^σ_β (β in (0, 1]), the weights' step γ/t^σ_γ (γ &gt; 0) and the regularisation ρ ≥ 0.</summary>
    public MoCo(double beta = 0.5, double betaDecay = 0.5, double gamma = 0.1, double gammaDecay = 0.5, double rho = 0.0)
    {
        if (!(beta > 0 && beta <= 1)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "β is in (0, 1].");
        Beta = beta;
        BetaDecay = FiniteNotNegative(betaDecay, "σ_β is finite and not negative.");
        Gamma = FinitePositive(gamma, "γ is finite and positive.");
        GammaDecay = FiniteNotNegative(gammaDecay, "σ_γ is finite and not negative.");
        Rho = FiniteNotNegative(rho, "ρ is finite and not negative.");
    }

    /// <summary>The tracking step size β (β_t = β/t^σ_β).</summary>
    public double Beta { get; }

    /// <summary>The decay σ_β of the tracking step size.</summary>
    public double BetaDecay { get; }

    /// <summary>The weights' step size γ (γ_t = γ/t^σ_γ).</summary>
    public double Gamma { get; }

    /// <summary>The decay σ_γ of the weights' step size.</summary>
    public double GammaDecay { get; }

    /// <summary>The regularisation ρ of the weights' update.</summary>
    public double Rho { get; }

    /// <summary>The number of aggregations so far (t of the latest).</summary>
    public long Steps { get; private set; }

    /// <summary>λ_i of the latest aggregation (1/K before the first).</summary>
    public double Lambda(int i) => lambda[CheckIndex(i)];

    /// <summary>The tracked gradients Y ([K, N], owned by the method: read them, do not keep or change them).</summary>
    public Tensor Tracked => Initialized(tracked);

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context)
    {
        RequireParameterGradients(context, "tracks the gradients of the shared parameters across steps");
        var count = context.LossCount;
        tracked = SavedTensor("Tracked", torch.zeros([count, context.SharedSize], dtype: context.DType, device: context.Device));
        lambda = SavedValues("Lambda", new double[count]);
        Array.Fill(lambda, 1.0 / count);
        SavedCount("Step", () => Steps, saved => Steps = saved);
    }

    /// <summary>Tracks the gradients, steps λ and writes Yᵀ·λ.</summary>
    protected override void Aggregate(Tensor jacobian, Tensor result, Tensor coefficients)
    {
        var y = Tracked;
        ThrowIfNotFinite(jacobian);
        var step = ++Steps;
        var betaStep = Beta / Math.Pow(step, BetaDecay);
        var gammaStep = Gamma / Math.Pow(step, GammaDecay);
        using (Scalar keep = 1.0 - betaStep, take = betaStep) y.mul_(keep).add_(jacobian, take);
        ProjectedGradientWeights.Step(HostGramian(y), LossCount, gammaStep, Rho, lambda, stackalloc double[LossCount], stackalloc double[LossCount]);
        CombineRows(y, lambda, result, coefficients);
        coefficients.fill_(Constant(double.NaN));
    }
}
