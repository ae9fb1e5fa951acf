using System;

namespace MultiLoss;

/// <summary>
/// Switches a loss on when another loss (the primary loss, or <see cref="On"/>) falls below <see cref="Threshold"/>.
/// While the gate is closed the gated loss is not computed.
/// </summary>
/// <param name="threshold">The gate opens when the watched loss is below it.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class GateOnAttribute(double threshold) : Attribute
{
    /// <summary>The value the watched loss must fall below for the gate to open.</summary>
    public double Threshold { get; } = threshold;

    /// <summary>The name of the loss method the gate watches; defaults to the primary loss.</summary>
    public string? On { get; set; }

    /// <summary>What an open gate does.</summary>
    public GateMode Mode { get; set; } = GateMode.Switch;

    /// <summary>When true, a gate that opened stays open.</summary>
    public bool Latch { get; set; }

    /// <summary>Where the gate decides: on the host (default, the seed's gate) or on the device, without a host sync.</summary>
    public GateEvaluation Evaluation { get; set; } = GateEvaluation.Host;
}
