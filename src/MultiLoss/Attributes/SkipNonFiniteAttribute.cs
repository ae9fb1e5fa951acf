using System;

namespace MultiLoss;

/// <summary>
/// A step whose total loss is NaN or ±∞ does no backward and no optimizer step: the parameters are untouched. The step
/// reports <c>Skipped</c> and the trainer counts it in <c>SkippedSteps</c>. Costs one device-to-host read per step.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SkipNonFiniteAttribute : Attribute
{
}
