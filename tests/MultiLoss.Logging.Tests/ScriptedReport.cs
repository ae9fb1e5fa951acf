using MultiLoss.Runtime;

namespace MultiLoss.Logging.Tests;

/// <summary>
/// A report whose step number and values a test writes down, for checking what a sink writes against values known
/// without any trainer. Only for per-step <see cref="TrainingReports"/>, which reads values with <see cref="GetValue"/>
/// and never touches <see cref="DeviceValues"/>.
/// </summary>
public readonly struct ScriptedReport(ReportLayout layout, long stepNumber, params double[] values) : ITrainingReport
{
    /// <summary>Two losses (Parity gated), the total and Parity's gate: the first three on the "device".</summary>
    public static readonly ReportLayout GatedLayout = new(3,
        new ReportValueName("Classification", ReportValueKind.Loss),
        new ReportValueName("Parity", ReportValueKind.Loss),
        new ReportValueName("Total", ReportValueKind.Total),
        new ReportValueName("ParityGateOpen", ReportValueKind.GateOpen, "Parity"));

    public long StepNumber => stepNumber;

    public bool IsEvaluation => false;

    public ReportLayout Layout => layout;

    public StepValues DeviceValues => null!;

    public double GetValue(int index) => values[index];
}
