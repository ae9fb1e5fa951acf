namespace MultiLoss.Logging.Tests;

/// <summary>Adds each step to <see cref="TrainingReports"/>, then reads its values for comparison.</summary>
public sealed class ReportsVisitor(TrainingReports reports) : IStepVisitor
{
    public TrainingReports Reports { get; } = reports;

    public StepReads Reads { get; } = new();

    public void Visit<TReport>(TReport report) where TReport : ITrainingReport
    {
        Reports.Add(report);
        Reads.Read(report);
    }
}
