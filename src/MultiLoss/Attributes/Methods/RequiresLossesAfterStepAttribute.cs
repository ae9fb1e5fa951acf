using System;

namespace MultiLoss.Methods;

/// <summary>
/// On a method's attribute class: after each optimizer step the generated step computes the forward pass and the
/// losses active in that step again, on the same batch and without gradients, and hands them to the method's
/// <see cref="TrainingMethod.AfterStep"/> (FAMO learns from how much each loss fell). It costs one more forward pass,
/// without a backward pass, per optimizer step.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class RequiresLossesAfterStepAttribute : Attribute
{
}
