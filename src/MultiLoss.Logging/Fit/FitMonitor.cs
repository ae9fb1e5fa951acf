using System;

namespace MultiLoss.Logging;

/// <summary>
/// The reported value a <see cref="FitLoop{TBatch, TReport}"/> watches, epoch by epoch: its mean over the validation
/// batches when the loop evaluates, otherwise over the epoch's training steps. An epoch improves on the best so far
/// when its mean is better by more than <see cref="MinDelta"/>; the loop keeps the best epoch's checkpoint and, with a
/// <see cref="Patience"/>, stops once that many epochs in a row have not improved.
/// </summary>
public sealed class FitMonitor
{
    /// <summary>Watches the value named <paramref name="value"/> (a name in the report's <c>Layout.Names</c>, e.g. <c>Total</c>).</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public FitMonitor(string value, MonitorGoal goal = MonitorGoal.Minimize)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        if (!Enum.IsDefined(goal)) throw new ArgumentOutOfRangeException(nameof(goal), goal, "The goal is Minimize or Maximize.");
        Value = value;
        Goal = goal;
    }

    /// <summary>The name of the watched value.</summary>
    public string Value { get; }

    /// <summary>Whether lower or higher is better.</summary>
    public MonitorGoal Goal { get; }

    /// <summary>
    /// Stop after this many epochs in a row without improvement (null, the default: never stop early). With 2, the
    /// loop stops at the end of the second epoch that does not improve on the best.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int? Patience
    {
        get;
        init => field = value is < 1 ? throw new ArgumentOutOfRangeException(nameof(Patience), value, "The patience is at least 1 epoch, or null for none.") : value;
    }

    /// <summary>How much better than the best a mean must be to count as an improvement (default 0: any better).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative, NaN or infinite.</exception>
    public double MinDelta
    {
        get;
        init => field = double.IsFinite(value) && value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(MinDelta), value, "The minimum change is a finite number, 0 or more.");
    }

    /// <summary>True when <paramref name="mean"/> improves on <paramref name="best"/> (NaN never does; the first finite mean always does).</summary>
    internal bool Improves(double mean, double best)
    {
        if (double.IsNaN(mean)) return false;
        if (double.IsNaN(best)) return true;
        return Goal == MonitorGoal.Minimize ? mean < best - MinDelta : mean > best + MinDelta;
    }
}
