using System;

namespace MultiLoss.Methods;

/// <summary>
/// On a method's attribute class: the method needs every loss on every step and an optimizer step on every step, so
/// gates, phase-restricted losses and gradient accumulation are compile-time errors with it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class RequiresEveryLossEveryStepAttribute : Attribute
{
}
