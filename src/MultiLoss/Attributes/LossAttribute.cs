using System;

namespace MultiLoss;

/// <summary>
/// Marks a method returning a scalar <c>Tensor</c> as a loss term. Its parameters are bound by name to the
/// step's parameters and to the forward outputs.
/// </summary>
/// <param name="weight">The factor the loss is multiplied by in the total; finite and not negative.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class LossAttribute(double weight = 1.0) : Attribute
{
    /// <summary>The factor the loss is multiplied by in the total.</summary>
    public double Weight { get; } = weight;

    /// <summary>The name used in reports; defaults to the method's name.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// The name of a module field or property of the trainer (<c>nameof(head)</c>): this loss then trains only that
    /// module's parameters (<c>backward(inputs: ...)</c>); by default it trains every parameter its graph reaches.
    /// </summary>
    public string? Updates { get; set; }

    /// <summary>
    /// Ramps the weight up linearly over the first <c>WarmupSteps</c> steps: at step i (counting from 0) it is
    /// <c>weight · min(1, (i + 1) / WarmupSteps)</c>. 0 (the default) means no warm-up.
    /// </summary>
    public int WarmupSteps { get; set; }
}
