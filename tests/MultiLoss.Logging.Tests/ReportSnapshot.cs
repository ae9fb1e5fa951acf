namespace MultiLoss.Logging.Tests;

/// <summary>A copy of what a sink was given (the <see cref="ReportValues"/> object itself is reused).</summary>
public sealed record ReportSnapshot(long FirstStep, long LastStep, int StepCount, double[] Values, long[] Counts)
{
    public static ReportSnapshot Of(ReportValues values) =>
        new(values.FirstStep, values.LastStep, values.StepCount, values.Values.ToArray(), values.Counts.ToArray());
}
