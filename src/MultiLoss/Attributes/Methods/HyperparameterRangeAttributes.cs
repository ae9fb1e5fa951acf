using System;

namespace MultiLoss.Weighting;

/// <summary>On a method attribute's hyperparameter: the value must be finite and greater than <see cref="Bound"/> (checked at compile time).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class GreaterThanAttribute(double bound) : Attribute
{
    /// <summary>The exclusive lower bound.</summary>
    public double Bound { get; } = bound;
}

/// <summary>On a method attribute's hyperparameter: the value must be finite and at least <see cref="Bound"/> (checked at compile time).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class AtLeastAttribute(double bound) : Attribute
{
    /// <summary>The inclusive lower bound.</summary>
    public double Bound { get; } = bound;
}

/// <summary>On a method attribute's hyperparameter: the value must be finite and less than <see cref="Bound"/> (checked at compile time).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class LessThanAttribute(double bound) : Attribute
{
    /// <summary>The exclusive upper bound.</summary>
    public double Bound { get; } = bound;
}

/// <summary>On a method attribute's hyperparameter: the value must be finite and at most <see cref="Bound"/> (checked at compile time).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class AtMostAttribute(double bound) : Attribute
{
    /// <summary>The inclusive upper bound.</summary>
    public double Bound { get; } = bound;
}
