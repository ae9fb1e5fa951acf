using System;

namespace MultiFashion.Evaluation;

/// <summary>
/// Δm%, the multi-task papers' one-number summary (Maninis et al. 2019; reported so by Nash-MTL, FAMO and LibMTL): the
/// mean over the T tasks of each metric's relative difference from the single-task baseline's, in percent,
/// Δm% = (1/T) Σ_t (−1)^l_t (M_t − M_t^STL) / M_t^STL × 100, with l_t = 1 where lower is better and 0 where higher is
/// (accuracy). Positive: better than training each task on its own, on average over the tasks.
/// </summary>
public static class DeltaM
{
    /// <param name="Value">The multi-task model's metric on task t, M_t.</param>
    /// <param name="SingleTask">The single-task baseline's metric on task t, M_t^STL.</param>
    public readonly record struct TaskMetric(double Value, double SingleTask, bool LowerIsBetter);

    public static double Percent(ReadOnlySpan<TaskMetric> tasks)
    {
        if (tasks.IsEmpty) throw new ArgumentException("Δm needs at least one task.", nameof(tasks));
        var sum = 0.0;
        foreach (var task in tasks)
        {
            var relative = (task.Value - task.SingleTask) / task.SingleTask;
            sum += task.LowerIsBetter ? -relative : relative;
        }
        return sum / tasks.Length * 100;
    }

    /// <summary>Δm% of two accuracies (higher is better) against the two single-task baselines' accuracies.</summary>
    public static double OfAccuracies(TaskAccuracies multiTask, TaskAccuracies singleTask) =>
        Percent([new(multiTask.Left, singleTask.Left, LowerIsBetter: false), new(multiTask.Right, singleTask.Right, LowerIsBetter: false)]);
}
