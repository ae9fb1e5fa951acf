using System;

namespace MultiLoss.Methods;

/// <summary>On a method attribute's hyperparameter: the value must be finite and greater than <see cref="HyperparameterBoundAttribute.Bound"/> (checked at compile time).</summary>
/// <param name="bound">The exclusive lower bound.</param>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class GreaterThanAttribute(double bound) : HyperparameterBoundAttribute(bound);
