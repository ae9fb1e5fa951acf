namespace MultiFashion.Strategies;

/// <summary>Which tasks a strategy trains: both (a multi-task strategy) or one (a single-task baseline).</summary>
public enum TrainedTasks
{
    Both,
    LeftOnly,
    RightOnly,
}
