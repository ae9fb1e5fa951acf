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

/// <summary>On a method attribute's hyperparameter: the value must be finite and greater than <see cref="HyperparameterBoundAttribute.Bound"/> (checked at compile time).</summary>
/// <param name="bound">The exclusive lower bound.</param>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class GreaterThanAttribute(double bound) : HyperparameterBoundAttribute(bound);

/// <summary>On a method attribute's hyperparameter: the value must be finite and at least <see cref="HyperparameterBoundAttribute.Bound"/> (checked at compile time).</summary>
/// <param name="bound">The inclusive lower bound.</param>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class AtLeastAttribute(double bound) : HyperparameterBoundAttribute(bound);

/// <summary>On a method attribute's hyperparameter: the value must be finite and less than <see cref="HyperparameterBoundAttribute.Bound"/> (checked at compile time).</summary>
/// <param name="bound">The exclusive upper bound.</param>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class LessThanAttribute(double bound) : HyperparameterBoundAttribute(bound);

/// <summary>On a method attribute's hyperparameter: the value must be finite and at most <see cref="HyperparameterBoundAttribute.Bound"/> (checked at compile time).</summary>
/// <param name="bound">The inclusive upper bound.</param>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class AtMostAttribute(double bound) : HyperparameterBoundAttribute(bound);
