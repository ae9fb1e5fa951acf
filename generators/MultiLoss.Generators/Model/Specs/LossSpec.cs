namespace MultiLoss.Generators.Model.Specs;

/// <summary>One loss term: the method, its weight, the locals passed to it, its gate if it has one.</summary>
/// <param name="ReportName">The name reports use (<c>[Loss(Name = ...)]</c>, else the method name).</param>
/// <param name="UpdatesMember">The module member whose parameters alone this loss trains, or null for all parameters.</param>
/// <param name="WarmupSteps">The steps over which the weight ramps up linearly; 0 for a constant weight.</param>
/// <param name="Index">The loss's position among the trainer's losses (its slot in reports and adaptive weightings).</param>
/// <param name="IsAdaptive">The weight comes from an adaptive weighting each step.</param>
internal sealed record LossSpec(
    string MethodName,
    string ReportName,
    double Weight,
    EquatableArray<string> Arguments,
    GateSpec? Gate,
    string? UpdatesMember,
    int WarmupSteps,
    int Index = 0,
    bool IsAdaptive = false,
    bool ReturnsNullable = false)
{
    /// <summary>A constant weight of exactly 1 is never multiplied.</summary>
    public bool IsUnitWeight => Weight == 1.0 && !IsRamped && !IsAdaptive;

    /// <summary>A gate decided on the host: the loss is computed only while it is open.</summary>
    public bool HasHostGate => Gate is { OnDevice: false };

    /// <summary>A gate decided on the device: the loss is computed every step and multiplied by the gate.</summary>
    public bool HasDeviceGate => Gate is { OnDevice: true };

    /// <summary>The weight ramps up over <see cref="WarmupSteps"/> steps.</summary>
    public bool IsRamped => WarmupSteps > 0;
}

/// <summary>The loss is computed only while the loss at <paramref name="WatchedIndex"/> is below <paramref name="Threshold"/>.</summary>
/// <param name="OnDevice">Decided with tensor ops on the device instead of reading the watched loss on the host.</param>
internal sealed record GateSpec(int WatchedIndex, double Threshold, GateModeValue Mode, bool Latch, bool OnDevice);
