using System;
using MultiLoss.Methods;

namespace MultiLoss;

/// <summary>
/// The base of every gradient-aggregation method's attribute, ours and users': put the derived attribute on a
/// <c>[MultiLossTrainer]</c> class and its generated step aggregates the losses' gradients of the shared parameters with
/// the method <see cref="Create"/> returns. Hyperparameters and requirements are declared as on
/// <see cref="LossWeightingMethodAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public abstract class GradientAggregationMethodAttribute : TrainingMethodAttribute
{
    /// <summary>A new instance of the method with this attribute's hyperparameters (the trainer owns and disposes it).</summary>
    public abstract override GradientAggregationMethod Create();
}
