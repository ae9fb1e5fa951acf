using MultiFashion.Strategies;

namespace MultiFashion.Training;

/// <summary>
/// Sums one epoch's steps as they come: each loss over the steps that computed it (a loss a step did not compute is
/// NaN and skipped), the weights of a strategy that adapts them, how often a gate was open and which phases ran.
/// </summary>
public sealed class EpochAccumulator
{
    private double leftSum, rightSum, totalSum, leftWeightSum, rightWeightSum;
    private int leftCount, rightCount, totalCount, weightCount, steps, gateOpen;
    private bool gated;
    private int? firstPhase, lastPhase;

    public void Add(in StepLosses step)
    {
        steps++;
        Accumulate(step.Left, ref leftSum, ref leftCount);
        Accumulate(step.Right, ref rightSum, ref rightCount);
        Accumulate(step.Total, ref totalSum, ref totalCount);
        if (step.Weights is { } weights)
        {
            leftWeightSum += weights.Left;
            rightWeightSum += weights.Right;
            weightCount++;
        }
        if (step.RightGateOpen is { } open)
        {
            gated = true;
            if (open) gateOpen++;
        }
        if (step.Phase is { } phase)
        {
            firstPhase ??= phase;
            lastPhase = phase;
        }
    }

    public EpochRecord ToRecord(int epoch, int lastStep) => new(
        epoch,
        lastStep,
        steps,
        new StepLosses(
            MeanOf(leftSum, leftCount),
            MeanOf(rightSum, rightCount),
            MeanOf(totalSum, totalCount),
            Weights: weightCount == 0 ? null : new TaskWeights(leftWeightSum / weightCount, rightWeightSum / weightCount)),
        gated ? gateOpen : null,
        firstPhase is { } first && lastPhase is { } last ? (first, last) : null);

    private static void Accumulate(double value, ref double sum, ref int count)
    {
        if (double.IsNaN(value)) return;
        sum += value;
        count++;
    }

    private static double MeanOf(double sum, int count) => count == 0 ? double.NaN : sum / count;
}
