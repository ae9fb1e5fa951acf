namespace MultiLoss.Logging.Tests;

/// <summary>Sees each step's report while it is valid, as its own type (no boxing).</summary>
public interface IStepVisitor
{
    void Visit<TReport>(TReport report) where TReport : ITrainingReport;
}
