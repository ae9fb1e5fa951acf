using System;

namespace MultiLoss.Logging;

/// <summary>One report type per window or <see cref="TrainingReports"/>: its values, names and buffer are fixed by the type.</summary>
internal static class ReportTypes
{
    public static void Require<TReport>(Type first) where TReport : ITrainingReport
    {
        if (typeof(TReport) != first)
        {
            throw new InvalidOperationException(
                $"Reports of one type only (one trainer's StepResult, or its EvaluationResult): this is a {typeof(TReport)}, the first was a {first}.");
        }
    }
}
