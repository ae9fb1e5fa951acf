using Digits.Strategies;

namespace Digits.Training;

/// <summary>
/// The running mean of each loss, skipping steps where that loss was not computed (NaN); and of the effective weights,
/// over the steps that reported them.
/// </summary>
public sealed class LossMean
{
    private double classificationSum;
    private double reconstructionSum;
    private double totalSum;
    private int classificationCount;
    private int reconstructionCount;
    private int totalCount;
    private double classificationWeightSum;
    private double reconstructionWeightSum;
    private int weightCount;

    public void Add(StepLosses losses)
    {
        Accumulate(losses.Classification, ref classificationSum, ref classificationCount);
        Accumulate(losses.Reconstruction, ref reconstructionSum, ref reconstructionCount);
        Accumulate(losses.Total, ref totalSum, ref totalCount);
        if (losses.Weights is { } weights)
        {
            classificationWeightSum += weights.Classification;
            reconstructionWeightSum += weights.Reconstruction;
            weightCount++;
        }
    }

    public StepLosses Mean => new(
        MeanOf(classificationSum, classificationCount),
        MeanOf(reconstructionSum, reconstructionCount),
        MeanOf(totalSum, totalCount),
        Weights: weightCount == 0 ? null : new LossWeights(classificationWeightSum / weightCount, reconstructionWeightSum / weightCount));

    private static void Accumulate(double value, ref double sum, ref int count)
    {
        if (double.IsNaN(value)) return;
        sum += value;
        count++;
    }

    private static double MeanOf(double sum, int count) => count == 0 ? double.NaN : sum / count;
}
