using System;

namespace MultiLoss.Methods;

/// <summary>On a method's attribute class: with fewer losses than <see cref="Minimum"/> the method changes nothing (a compile-time warning).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class RequiresLossCountAttribute(int minimum) : Attribute
{
    /// <summary>The smallest number of losses the method makes a difference with.</summary>
    public int Minimum { get; } = minimum;
}
