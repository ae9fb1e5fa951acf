namespace Digits.Strategies;

/// <summary>
/// One step's loss values, copied to the host. A loss the step did not compute (a closed gate, a phase it does not
/// take part in) is NaN.
/// </summary>
/// <param name="Phase">The phase the step ran in, for a strategy with phases; otherwise null.</param>
/// <param name="ReconstructionGateOpen">Whether the reconstruction loss's gate was open, for a gated strategy; otherwise null.</param>
/// <param name="Weights">The effective weights of the step, for a strategy that adapts them; otherwise null.</param>
public readonly record struct StepLosses(
    double Classification,
    double Reconstruction,
    double Total,
    int? Phase = null,
    bool? ReconstructionGateOpen = null,
    LossWeights? Weights = null);
