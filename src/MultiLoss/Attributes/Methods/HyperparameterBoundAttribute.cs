using System;

namespace MultiLoss.Methods;

/// <summary>
/// On a method attribute's hyperparameter: the value must be finite and within <see cref="Bound"/> (checked at compile
/// time); the derived attribute says how: <see cref="GreaterThanAttribute"/>, <see cref="AtLeastAttribute"/>,
/// <see cref="LessThanAttribute"/> or <see cref="AtMostAttribute"/>.
/// </summary>
/// <param name="bound">The bound the value is compared with.</param>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false)]
public abstract class HyperparameterBoundAttribute(double bound) : Attribute
{
    /// <summary>The bound the value is compared with.</summary>
    public double Bound { get; } = bound;
}
