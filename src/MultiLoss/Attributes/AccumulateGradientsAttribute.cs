using System;

namespace MultiLoss;

/// <summary>
/// Accumulates gradients over <see cref="Steps"/> calls of the step: each loss is scaled by 1/k, gradients are zeroed at
/// the start of every k-call cycle, and the optimizer steps at its end (calls k, 2k, ...).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AccumulateGradientsAttribute : Attribute
{
    /// <summary>Accumulates over <paramref name="steps"/> calls (at least 1).</summary>
    public AccumulateGradientsAttribute(int steps) => Steps = steps;

    /// <summary>The number of calls per optimizer step.</summary>
    public int Steps { get; }
}
