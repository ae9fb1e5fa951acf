namespace MultiLoss;

/// <summary>Where a <see cref="GateOnAttribute"/> gate decides whether it is open.</summary>
public enum GateEvaluation
{
    /// <summary>
    /// The seed's gate: the watched loss is read on the host each step (a device sync on a GPU), and the gated loss
    /// is computed only while the gate is open.
    /// </summary>
    Host = 0,

    /// <summary>
    /// The gate is a 0/1 tensor computed on the device (no host sync): the gated loss is computed every step and
    /// multiplied by the gate, so the gradients equal the host gate's. Its state is read lazily from the step result.
    /// </summary>
    Device = 1,
}
