using System;
using System.Collections.Generic;

namespace MultiLoss.Logging;

/// <summary>
/// The values a trainer's steps report, in order: each loss, <c>Total</c>, then the other values (see
/// <see cref="ITrainingReport.ValueNames"/>); the first <see cref="DeviceValueCount"/> of them live on the device.
/// The same for every step of a trainer type.
/// </summary>
public sealed class ReportLayout
{
    private const string TotalName = "Total";
    private readonly ReportValueName[] values;

    private ReportLayout(IReadOnlyList<string> names, int deviceValueCount)
    {
        Names = names;
        DeviceValueCount = deviceValueCount;
        values = new ReportValueName[names.Count];
        var total = IndexOfTotal(names);
        for (var i = 0; i < values.Length; i++) values[i] = Classify(names[i], i, total);
    }

    /// <summary>The layout of the report's trainer type.</summary>
    public static ReportLayout Of<TReport>(TReport report) where TReport : ITrainingReport
    {
        var names = report.ValueNames;
        var deviceValueCount = report.DeviceValueCount;
        if (deviceValueCount < 0 || deviceValueCount > names.Count)
            throw new ArgumentException($"{deviceValueCount} device values do not fit {names.Count} reported values.", nameof(report));
        return new ReportLayout(names, deviceValueCount);
    }

    /// <summary>The names of the values, in report order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The number of values.</summary>
    public int Count => values.Length;

    /// <summary>How many of the first values live in the trainer's device buffer.</summary>
    public int DeviceValueCount { get; }

    /// <summary>Value <paramref name="index"/>'s name, kind and subject.</summary>
    public ReportValueName this[int index] => values[index];

    private static int IndexOfTotal(IReadOnlyList<string> names)
    {
        // Every loss comes before Total, and no loss may be called Total: the first Total is the one.
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == TotalName) return i;
        }
        throw new ArgumentException("The reported values have no 'Total'.", nameof(names));
    }

    private static ReportValueName Classify(string name, int index, int total)
    {
        if (index < total) return new(name, ReportValueKind.Loss, name);
        if (index == total) return new(name, ReportValueKind.Total, name);
        return name switch
        {
            "Phase" => new(name, ReportValueKind.Phase, name),
            "Skipped" => new(name, ReportValueKind.Skipped, name),
            "OptimizerStepped" => new(name, ReportValueKind.OptimizerStepped, name),
            _ when name.EndsWith("GateOpen", StringComparison.Ordinal) && name.Length > "GateOpen".Length =>
                new(name, ReportValueKind.GateOpen, name[..^"GateOpen".Length]),
            _ when name.EndsWith("Weight", StringComparison.Ordinal) && name.Length > "Weight".Length =>
                new(name, ReportValueKind.Weight, name[..^"Weight".Length]),
            _ => new(name, ReportValueKind.Other, name),
        };
    }
}
