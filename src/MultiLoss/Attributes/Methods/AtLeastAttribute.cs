using System;

namespace MultiLoss.Methods;

/// <summary>On a method attribute's hyperparameter: the value must be finite and at least <see cref="HyperparameterBoundAttribute.Bound"/> (checked at compile time).</summary>
/// <param name="bound">The inclusive lower bound.</param>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class AtLeastAttribute(double bound) : HyperparameterBoundAttribute(bound);
