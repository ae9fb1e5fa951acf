using System;

namespace MultiLoss.Methods;

/// <summary>On a method attribute's hyperparameter: the value must be finite and less than <see cref="HyperparameterBoundAttribute.Bound"/> (checked at compile time).</summary>
/// <param name="bound">The exclusive upper bound.</param>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class LessThanAttribute(double bound) : HyperparameterBoundAttribute(bound);
