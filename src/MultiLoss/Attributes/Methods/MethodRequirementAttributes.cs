using System;

namespace MultiLoss.Methods;

/// <summary>On a method's attribute class: the trainer must mark the shared layer with <c>[SharedLayer]</c> (a compile-time error otherwise).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class RequiresSharedLayerAttribute : Attribute
{
}

/// <summary>
/// On a method's attribute class: the method needs every loss on every step and an optimizer step on every step, so
/// gates, phase-restricted losses and gradient accumulation are compile-time errors with it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class RequiresEveryLossEveryStepAttribute : Attribute
{
}

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

/// <summary>
/// On a method's attribute class: the method works per epoch (it sets its weights when an epoch ends), so the trainer's
/// <c>EndEpoch()</c> must be called after each epoch; a project that steps such a trainer and never calls it gets the
/// warning MLA0006.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class RequiresEndEpochAttribute : Attribute
{
}

/// <summary>On a method's attribute class: with fewer losses than <see cref="Minimum"/> the method changes nothing (a compile-time warning).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class RequiresLossCountAttribute(int minimum) : Attribute
{
    /// <summary>The smallest number of losses the method makes a difference with.</summary>
    public int Minimum { get; } = minimum;
}

/// <summary>
/// On an aggregation method's attribute class: the method works only on the gradients of a representation, so the
/// trainer must declare <c>[AggregateAt]</c> (a compile-time error otherwise). GradDrop masks each element of the
/// representation's gradient.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class RequiresRepresentationAttribute : Attribute
{
}

/// <summary>
/// On an aggregation method's attribute class: the method works only on the gradients of the shared parameters (its
/// result is not a combination of this step's gradients, e.g. it tracks gradients across steps), so <c>[AggregateAt]</c>
/// is a compile-time error with it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class RequiresParameterGradientsAttribute : Attribute
{
}
