using System.Collections.Generic;

namespace MultiLoss.Logging;

/// <summary>
/// The best monitored mean so far, its epoch and the epochs since, kept in a checkpoint's position values (under
/// <c>FitLoop.</c> names) so that a resumed fit stops and keeps the best checkpoint as the uninterrupted one would.
/// </summary>
internal sealed class MonitorTracker(FitMonitor? monitor)
{
    private const string BestName = "FitLoop.Best";
    private const string BestEpochName = "FitLoop.BestEpoch";
    private const string WithoutImprovementName = "FitLoop.EpochsWithoutImprovement";

    public double Best { get; private set; } = double.NaN;

    public int BestEpoch { get; private set; } = -1;

    public int EpochsWithoutImprovement { get; private set; }

    public bool PatienceRanOut => monitor?.Patience is int patience && EpochsWithoutImprovement >= patience;

    /// <summary>Continues from what a checkpoint's position holds (nothing, for a position saved outside the loop).</summary>
    public void Restore(TrainingPosition position)
    {
        if (position.Values.TryGetValue(BestName, out var best)) Best = best;
        if (position.Values.TryGetValue(BestEpochName, out var bestEpoch)) BestEpoch = (int)bestEpoch;
        if (position.Values.TryGetValue(WithoutImprovementName, out var without)) EpochsWithoutImprovement = (int)without;
    }

    /// <summary>Takes epoch <paramref name="epoch"/>'s mean; true when it improved on the best.</summary>
    public bool Observe(double mean, int epoch)
    {
        if (monitor is null) return false;
        if (monitor.Improves(mean, Best))
        {
            Best = mean;
            BestEpoch = epoch;
            EpochsWithoutImprovement = 0;
            return true;
        }
        EpochsWithoutImprovement++;
        return false;
    }

    /// <summary>The position values that carry this state, with the user's own.</summary>
    public Dictionary<string, double> Values()
        => new() { [BestName] = Best, [BestEpochName] = BestEpoch, [WithoutImprovementName] = EpochsWithoutImprovement };
}
