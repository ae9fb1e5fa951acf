using System;

namespace MultiLoss.Logging;

/// <summary>
/// One report type per window or <see cref="TrainingReports"/>, and steps or evaluations but not both: the values, names
/// and buffer are fixed by the first report.
/// </summary>
internal static class ReportTypes
{
    public static void Require<TReport>(TReport report, Type first, bool firstIsEvaluation) where TReport : ITrainingReport
    {
        if (typeof(TReport) != first)
        {
            throw new InvalidOperationException(
                $"Reports of one type only (one trainer's StepResult): this is a {typeof(TReport)}, the first was a {first}.");
        }
        if (report.IsEvaluation != firstIsEvaluation)
        {
            throw new InvalidOperationException(
                $"Reports of steps or of evaluations, not both: this is {(report.IsEvaluation ? "an evaluation" : "a step")}, the first was {(firstIsEvaluation ? "an evaluation" : "a step")}. Log evaluations through a TrainingReports of their own.");
        }
    }
}
