using System;

namespace MultiLoss;

/// <summary>
/// Marks a <c>partial</c> class as a multi-loss trainer: the MultiLoss generator emits its train step
/// from the <see cref="ModelAttribute"/>, <see cref="OptimizerAttribute"/> and <see cref="LossAttribute"/>
/// members it declares.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MultiLossTrainerAttribute : Attribute
{
    /// <summary>How the losses are backpropagated: one backward of the weighted sum (default) or one per loss.</summary>
    public BackwardMode Backward { get; set; } = BackwardMode.Combined;
}
