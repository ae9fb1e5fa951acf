using System;

namespace MultiLoss;

/// <summary>
/// Marks a <c>partial</c> class as a multi-loss trainer: the MultiLoss generator emits its train step
/// from the <see cref="ModelAttribute"/>, <see cref="OptimizerAttribute"/> and <see cref="LossAttribute"/>
/// members it declares.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MultiLossTrainerAttribute : Attribute
{
    private const string ObsoleteSpelling = "The older spelling of a method: write the method's own attribute on the trainer instead ([UncertaintyWeighting], [DynamicWeightAverage(Temperature = t)], [GradNorm(Alpha = a)], [PCGrad]); the MultiLoss code fix rewrites it.";

    /// <summary>How the losses are backpropagated: one backward of the weighted sum (default) or one per loss.</summary>
    public BackwardMode Backward { get; set; } = BackwardMode.Combined;

    /// <summary>How the weights are chosen: fixed (default) or adapted during training. The older spelling of <c>[UncertaintyWeighting]</c>, <c>[DynamicWeightAverage]</c> and <c>[GradNorm]</c>.</summary>
    [Obsolete(ObsoleteSpelling)]
    public LossWeighting Weighting { get; set; } = LossWeighting.Fixed;

    /// <summary>How the losses' gradients are combined: summed (default) or by PCGrad. The older spelling of <c>[PCGrad]</c>.</summary>
    [Obsolete(ObsoleteSpelling)]
    public GradientAggregation Aggregation { get; set; } = GradientAggregation.Sum;

    /// <summary>The temperature T of <see cref="LossWeighting.DynamicWeightAverage"/>: <c>[DynamicWeightAverage(Temperature = t)]</c>.</summary>
    [Obsolete(ObsoleteSpelling)]
    public double DwaTemperature { get; set; } = 2.0;

    /// <summary>The asymmetry α of <see cref="LossWeighting.GradNorm"/>: <c>[GradNorm(Alpha = a)]</c>.</summary>
    [Obsolete(ObsoleteSpelling)]
    public double GradNormAlpha { get; set; } = 1.5;
}
