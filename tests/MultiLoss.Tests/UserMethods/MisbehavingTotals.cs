using System;
using MultiLoss;
using MultiLoss.Methods;
using static TorchSharp.torch;

namespace MultiLoss.Tests.UserMethods;

/// <summary>A user's weighting method whose <c>Combine</c> gets the total wrong, the way a test asks.</summary>
public sealed class MisbehavingTotal(bool vector) : LossWeightingMethod
{
    public override Tensor Combine(ReadOnlySpan<Tensor?> losses)
    {
        var active = new Tensor[losses.Length];
        for (var i = 0; i < losses.Length; i++) active[i] = losses[i]!;
        // A vector of the losses (no sum), or their sum rebuilt from its value (no graph).
        return vector ? stack(active) : tensor(stack(active).sum().item<float>());
    }

    public override Tensor EffectiveWeight(int i) => ones(1);
}

/// <summary>Declares <see cref="MisbehavingTotal"/>: <see cref="Vector"/> true for a vector total, false for one without a graph.</summary>
public sealed class MisbehavingTotalAttribute : LossWeightingMethodAttribute
{
    public bool Vector { get; set; }

    public override LossWeightingMethod Create() => new MisbehavingTotal(Vector);
}

/// <summary>A user's aggregation that assigns its result parameter instead of writing into it: nothing would train.</summary>
public sealed class AssigningAggregation : GradientAggregationMethod
{
    protected override void Aggregate(Tensor jacobian, Tensor result, Tensor coefficients)
    {
        coefficients.fill_(1.0);
        result = jacobian.sum(dim: 0);
        _ = result;
    }
}

/// <summary>Declares <see cref="AssigningAggregation"/>.</summary>
public sealed class AssigningAggregationAttribute : GradientAggregationMethodAttribute
{
    public override GradientAggregationMethod Create() => new AssigningAggregation();
}
