namespace MultiLoss;

/// <summary>What a value of a step's report is.</summary>
public enum ReportValueKind
{
    /// <summary>A loss, unweighted (NaN in a step that did not compute it).</summary>
    Loss,

    /// <summary>The weighted total that was backpropagated.</summary>
    Total,

    /// <summary>A loss's effective weight (<c>&lt;Loss&gt;Weight</c>).</summary>
    Weight,

    /// <summary>Whether a loss's gate was open (<c>&lt;Loss&gt;GateOpen</c>): 1 or 0.</summary>
    GateOpen,

    /// <summary>The phase the step ran in.</summary>
    Phase,

    /// <summary>Whether the step was skipped for a non-finite total or gradients: 1 or 0.</summary>
    Skipped,

    /// <summary>Whether the optimizer stepped (with gradient accumulation): 1 or 0.</summary>
    OptimizerStepped,

    /// <summary>Whether the aggregation method's solver did not converge, so the step applied its fallback weights: 1 or 0.</summary>
    FellBack,

    /// <summary>A metric (<c>[Metric]</c>): computed without gradients, never backpropagated.</summary>
    Metric,
}
