namespace MultiFashion.Strategies;

/// <summary>
/// One step's loss values, copied to the host. A loss the step did not compute (a closed gate, a phase it does not take
/// part in, the other task of a single-task baseline) is NaN.
/// </summary>
/// <param name="Phase">The phase the step ran in, for a strategy with phases; otherwise null.</param>
/// <param name="RightGateOpen">Whether the right task's gate was open, for a gated strategy; otherwise null.</param>
/// <param name="Weights">The effective weights of the step, for a strategy that adapts them; otherwise null.</param>
public readonly record struct StepLosses(
    double Left,
    double Right,
    double Total,
    int? Phase = null,
    bool? RightGateOpen = null,
    TaskWeights? Weights = null);

/// <summary>The effective weight of each task's loss in a step (or a mean of steps), for a strategy that adapts them.</summary>
public readonly record struct TaskWeights(double Left, double Right);
