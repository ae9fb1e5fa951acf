using System;
using MultiLoss.Methods;

namespace MultiLoss;

/// <summary>
/// The base of every loss-weighting method's attribute, ours and users': put the derived attribute on a
/// <c>[MultiLossTrainer]</c> class and its generated step combines the losses with the method <see cref="Create"/> returns.
/// </summary>
/// <remarks>
/// Hyperparameters are the derived attribute's properties (or constructor parameters); mark them with
/// <see cref="GreaterThanAttribute"/>, <see cref="AtLeastAttribute"/>, <see cref="LessThanAttribute"/> or
/// <see cref="AtMostAttribute"/> and the generator checks the values written on the trainer at compile time. What the
/// method needs from the trainer is declared on the derived attribute class with <see cref="RequiresSharedLayerAttribute"/>,
/// <see cref="RequiresEveryLossEveryStepAttribute"/> and <see cref="RequiresLossCountAttribute"/>.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public abstract class LossWeightingMethodAttribute : TrainingMethodAttribute
{
    /// <summary>A new instance of the method with this attribute's hyperparameters (the trainer owns and disposes it).</summary>
    public abstract override LossWeightingMethod Create();
}
