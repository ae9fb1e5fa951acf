namespace MultiLoss.Logging;

/// <summary>Whether a monitored value improves by falling (a loss) or by rising (an accuracy).</summary>
public enum MonitorGoal
{
    /// <summary>Lower is better.</summary>
    Minimize,

    /// <summary>Higher is better.</summary>
    Maximize,
}
