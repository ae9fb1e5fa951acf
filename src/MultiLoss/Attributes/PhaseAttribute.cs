using System;

namespace MultiLoss;

/// <summary>
/// On the trainer class: declares training phase <see cref="Number"/>, how it backpropagates and when it ends.
/// On a loss method: the loss takes part in that phase (repeat the attribute for several phases).
/// </summary>
/// <param name="number">The number of the phase declared or referenced.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class PhaseAttribute(int number) : Attribute
{
    /// <summary>The phase number.</summary>
    public int Number { get; } = number;

    /// <summary>How this phase backpropagates (class only); defaults to the trainer's mode.</summary>
    public BackwardMode Backward { get; set; } = BackwardMode.Combined;

    /// <summary>The phase ends after this many steps (class only).</summary>
    public int Steps { get; set; }

    /// <summary>The name of a parameterless <c>bool</c> method; the phase ends after a step where it returns true (class only).</summary>
    public string? Until { get; set; }
}
