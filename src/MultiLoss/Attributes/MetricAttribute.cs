using System;

namespace MultiLoss;

/// <summary>
/// Marks a method returning a one-value <c>Tensor</c> as a metric: bound by name like a loss (to the step's parameters
/// and the forward outputs), computed in every step and evaluation after the losses, without gradients, and reported
/// like a loss (<c>r.Accuracy</c>). A metric is never backpropagated and never given to a weighting or aggregation method.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class MetricAttribute : Attribute
{
    /// <summary>The name used in reports; defaults to the method's name.</summary>
    public string? Name { get; set; }
}
