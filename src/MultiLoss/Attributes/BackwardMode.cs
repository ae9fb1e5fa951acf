namespace MultiLoss;

/// <summary>How a step backpropagates its losses.</summary>
public enum BackwardMode
{
    /// <summary>One backward of the weighted sum of the active losses.</summary>
    Combined = 0,

    /// <summary>One backward per weighted loss; the graph is retained for every backward but the last.</summary>
    Separate = 1,
}
