using System;

namespace MultiLoss.Weighting;

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

/// <summary>On a method's attribute class: with fewer losses than <see cref="Minimum"/> the method changes nothing (a compile-time warning).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class RequiresLossCountAttribute(int minimum) : Attribute
{
    /// <summary>The smallest number of losses the method makes a difference with.</summary>
    public int Minimum { get; } = minimum;
}
