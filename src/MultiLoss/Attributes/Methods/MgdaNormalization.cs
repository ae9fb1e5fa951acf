namespace MultiLoss;

/// <summary>How <see cref="MgdaAttribute"/> normalises each loss's gradient before it finds the min-norm point.</summary>
/// <remarks>
/// LibMTL's four: <c>none</c>, <c>l2</c>, <c>loss</c> (g_i/L_i) and <c>loss+</c> (g_i/(L_i·‖g_i‖)); the last two read
/// each loss's value on the host once per step.
/// </remarks>
public enum MgdaNormalization
{
    /// <summary>The gradients as they are (LibMTL's <c>none</c>, its default).</summary>
    None = 0,

    /// <summary>Each gradient divided by its Euclidean norm, a zero gradient left as it is (LibMTL's <c>l2</c>).</summary>
    L2 = 1,

    /// <summary>Each gradient divided by its loss's value, ∇L_i/L_i: a relative rate of change (LibMTL's <c>loss</c>).</summary>
    Loss = 2,

    /// <summary>Each gradient divided by its loss's value and its norm, ∇L_i/(L_i·‖∇L_i‖) (LibMTL's <c>loss+</c>).</summary>
    LossPlus = 3,
}
