namespace MultiLoss.Generators.Model;

/// <summary>Mirrors <c>MultiLoss.BackwardMode</c> (the generator does not reference the runtime assembly).</summary>
internal enum BackwardModeValue
{
    Combined = 0,
    Separate = 1,
}

/// <summary>Mirrors <c>MultiLoss.GateMode</c>.</summary>
internal enum GateModeValue
{
    Switch = 0,
    Add = 1,
}

