using System.Collections.Generic;

namespace MultiLoss.Logging;

/// <summary>
/// What one epoch of a <see cref="FitLoop{TBatch, TReport}"/> did: the means of every reported value over its training
/// steps and over its validation batches, and how the monitored value stands. Given to <see cref="FitLoop{TBatch, TReport}.EpochEnded"/>
/// and to the loop's <c>IProgress&lt;FitEpoch&gt;</c>; it is the loop's to build and yours to keep (nothing in it is reused).
/// </summary>
public sealed class FitEpoch
{
    internal FitEpoch(int epoch, int epochs, ReportValues? trainingMeans, ReportValues? validationMeans, double monitored, bool improved, double best, int bestEpoch, int epochsWithoutImprovement, bool stopsEarly)
    {
        Epoch = epoch;
        Epochs = epochs;
        TrainingMeans = trainingMeans;
        ValidationMeans = validationMeans;
        Monitored = monitored;
        Improved = improved;
        Best = best;
        BestEpoch = bestEpoch;
        EpochsWithoutImprovement = epochsWithoutImprovement;
        StopsEarly = stopsEarly;
    }

    /// <summary>The epoch, counting from 0.</summary>
    public int Epoch { get; }

    /// <summary>The number of epochs the loop runs (unless it stops early).</summary>
    public int Epochs { get; }

    /// <summary>Each value's mean over the epoch's training steps; null when the epoch took none (resumed at its end).</summary>
    public ReportValues? TrainingMeans { get; }

    /// <summary>Each value's mean over the validation batches; null when the loop does not evaluate.</summary>
    public ReportValues? ValidationMeans { get; }

    /// <summary>The monitored value's mean this epoch (NaN without a monitor).</summary>
    public double Monitored { get; }

    /// <summary>True when this epoch improved on the best so far (its checkpoint is then the best one).</summary>
    public bool Improved { get; }

    /// <summary>The best monitored mean so far, this epoch's included (NaN without a monitor).</summary>
    public double Best { get; }

    /// <summary>The epoch of <see cref="Best"/> (-1 without a monitor or before a finite mean).</summary>
    public int BestEpoch { get; }

    /// <summary>How many epochs in a row, ending with this one, did not improve.</summary>
    public int EpochsWithoutImprovement { get; }

    /// <summary>True when the loop stops after this epoch because the monitor's patience ran out.</summary>
    public bool StopsEarly { get; }

    /// <summary>The training mean of the value named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The epoch took no training step, or no value has that name.</exception>
    public double TrainingMean(string name) => Mean(TrainingMeans, name, "training steps");

    /// <summary>The validation mean of the value named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The loop does not evaluate, or no value has that name.</exception>
    public double ValidationMean(string name) => Mean(ValidationMeans, name, "validation batches");

    private static double Mean(ReportValues? means, string name, string over)
    {
        if (means is null) throw new KeyNotFoundException($"This epoch has no means over {over}.");
        var index = FitValues.IndexOf(means.Layout, name);
        return means.Values[index];
    }
}
