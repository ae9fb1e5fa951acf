using System;

namespace MultiLoss;

/// <summary>
/// Accumulates gradients over <see cref="Steps"/> calls of the step: each loss is scaled by 1/k, gradients are zeroed at
/// the start of every k-call cycle, and the optimizer steps at its end (calls k, 2k, ...).
/// </summary>
/// <param name="steps">How many calls each optimizer step accumulates (at least 1).</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AccumulateGradientsAttribute(int steps) : Attribute
{
    /// <summary>The number of calls per optimizer step.</summary>
    public int Steps { get; } = steps;
}
