namespace Digits.Strategies;

/// <summary>One step's loss values, copied to the host. A loss the step did not compute is NaN.</summary>
public readonly record struct StepLosses(double Classification, double Reconstruction, double Total);
