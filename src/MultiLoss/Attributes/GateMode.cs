namespace MultiLoss;

/// <summary>What an open <see cref="GateOnAttribute"/> gate does.</summary>
public enum GateMode
{
    /// <summary>While the gate is open only the gated loss is backpropagated; while closed only the loss it watches.</summary>
    Switch = 0,

    /// <summary>While the gate is open the gated loss is backpropagated in addition to the others.</summary>
    Add = 1,
}
