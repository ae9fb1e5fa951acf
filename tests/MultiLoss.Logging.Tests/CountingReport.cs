using MultiLoss.Runtime;

namespace MultiLoss.Logging.Tests;

/// <summary>Counts how often a device value (one that must be copied from the device to be read) is read on the host.</summary>
public sealed class DeviceReadCounter
{
    public int Reads { get; set; }
}

/// <summary>A trainer's report that counts the host reads of its device values, passing everything else through.</summary>
public readonly struct CountingReport<TReport>(TReport inner, DeviceReadCounter counter) : ITrainingReport
    where TReport : ITrainingReport
{
    public long StepNumber => inner.StepNumber;

    public bool IsEvaluation => inner.IsEvaluation;

    public ReportLayout Layout => inner.Layout;

    public StepValues DeviceValues => inner.DeviceValues;

    public double GetValue(int index)
    {
        if (index < inner.Layout.DeviceValueCount) counter.Reads++;
        return inner.GetValue(index);
    }
}
