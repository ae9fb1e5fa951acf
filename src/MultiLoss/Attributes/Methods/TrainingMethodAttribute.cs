using System;
using MultiLoss.Methods;

namespace MultiLoss;

/// <summary>
/// The base of every method's attribute: <see cref="LossWeightingMethodAttribute"/> and
/// <see cref="GradientAggregationMethodAttribute"/>. Put a derived attribute on a trainer to name its method there, or
/// pass an instance to a trainer whose <c>[Method]</c> member leaves the method open (the trainer checks it when it
/// first uses it, in the words of the compile-time diagnostics).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public abstract class TrainingMethodAttribute : Attribute
{
    /// <summary>A new instance of the method with this attribute's hyperparameters (the trainer owns and disposes it).</summary>
    public abstract TrainingMethod Create();
}
