namespace MultiLoss.Logging;

/// <summary>How a <see cref="FitLoop{TBatch, TReport}"/> run ended.</summary>
public sealed class FitResult
{
    internal FitResult(int epochsCompleted, bool stoppedEarly, double best, int bestEpoch, TrainingPosition position, FitEpoch? lastEpoch)
    {
        EpochsCompleted = epochsCompleted;
        StoppedEarly = stoppedEarly;
        Best = best;
        BestEpoch = bestEpoch;
        Position = position;
        LastEpoch = lastEpoch;
    }

    /// <summary>The number of epochs finished, counting those of the run that was resumed.</summary>
    public int EpochsCompleted { get; }

    /// <summary>True when the monitor's patience ran out before the last epoch.</summary>
    public bool StoppedEarly { get; }

    /// <summary>The best monitored mean (NaN without a monitor).</summary>
    public double Best { get; }

    /// <summary>The epoch of <see cref="Best"/>, counting from 0 (-1 without a monitor).</summary>
    public int BestEpoch { get; }

    /// <summary>Where the run ended: the start of the epoch after the last it finished.</summary>
    public TrainingPosition Position { get; }

    /// <summary>The last epoch's summary; null when the run finished no epoch.</summary>
    public FitEpoch? LastEpoch { get; }
}
