using System.Collections.Generic;

namespace MultiLoss.Logging.Tests;

/// <summary>Every value of every step, read from the report itself with <see cref="ITrainingReport.GetValue"/>: what the sinks are checked against.</summary>
public sealed class StepReads
{
    public List<long> StepNumbers { get; } = [];

    public List<double[]> Values { get; } = [];

    public IReadOnlyList<string> Names { get; private set; } = [];

    public void Read<TReport>(TReport report) where TReport : ITrainingReport
    {
        Names = report.Layout.Names;
        var values = new double[report.Layout.Names.Count];
        for (var i = 0; i < values.Length; i++) values[i] = report.GetValue(i);
        StepNumbers.Add(report.StepNumber);
        Values.Add(values);
    }

    public int IndexOf(string name)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (Names[i] == name) return i;
        }
        throw new KeyNotFoundException(name);
    }

    /// <summary>Value <paramref name="index"/>'s mean over steps [first, first + count) that reported it (not NaN), and how many did; NaN if none.</summary>
    public (double Mean, long Count) MeanOver(int first, int count, int index)
    {
        var sum = 0.0;
        var reported = 0L;
        for (var s = first; s < first + count; s++)
        {
            var value = Values[s][index];
            if (double.IsNaN(value)) continue;
            sum += value;
            reported++;
        }
        return (reported == 0 ? double.NaN : sum / reported, reported);
    }
}
