using Digits.Strategies;

namespace Digits.Training;

/// <summary>
/// The running mean of each loss, skipping steps where that loss was not computed (NaN); and of the effective weights,
/// over the steps that reported them, skipping NaN weights (an aggregation that reports none), so that a strategy that
/// reports only NaN weights has NaN means.
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
    private int classificationWeightCount;
    private int reconstructionWeightCount;
    private bool weighted;

    public void Add(StepLosses losses)
    {
        Accumulate(losses.Classification, ref classificationSum, ref classificationCount);
        Accumulate(losses.Reconstruction, ref reconstructionSum, ref reconstructionCount);
        Accumulate(losses.Total, ref totalSum, ref totalCount);
        if (losses.Weights is { } weights)
        {
            Accumulate(weights.Classification, ref classificationWeightSum, ref classificationWeightCount);
            Accumulate(weights.Reconstruction, ref reconstructionWeightSum, ref reconstructionWeightCount);
            weighted = true;
        }
    }

    public StepLosses Mean => new(
        MeanOf(classificationSum, classificationCount),
        MeanOf(reconstructionSum, reconstructionCount),
        MeanOf(totalSum, totalCount),
        Weights: weighted
            ? new LossWeights(MeanOf(classificationWeightSum, classificationWeightCount), MeanOf(reconstructionWeightSum, reconstructionWeightCount))
            : null);

    private static void Accumulate(double value, ref double sum, ref int count)
    {
        if (double.IsNaN(value)) return;
        sum += value;
        count++;
    }

    private static double MeanOf(double sum, int count) => count == 0 ? double.NaN : sum / count;
}
