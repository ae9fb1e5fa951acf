namespace Digits.Evaluation;

/// <param name="Accuracy">The fraction of test images classified correctly.</param>
/// <param name="ReconstructionMse">The mean squared error of the reconstructed pixels (intensities 0..1).</param>
public sealed record TestMetrics(double Accuracy, double ReconstructionMse);
