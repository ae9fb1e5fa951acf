using System.Collections.Generic;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>What kind of value a step reports, which decides its type and where it is kept.</summary>
internal enum ReportedKind
{
    Loss,
    Total,
    DeviceGate,
    DeviceWeight,
    HostWeight,
    HostGate,
    Phase,
    Skipped,
    OptimizerStepped,
    FellBack,
    Metric,
}

/// <summary>
/// One value a step reports: its name in <c>ValueNames</c>, the <c>StepResult</c> property that reads it, and where it is
/// kept — a slot of the trainer's buffer (<see cref="Slot"/>), or a field of the result the step passes in
/// (<see cref="ResultField"/>, from <see cref="StepArgument"/>).
/// </summary>
internal sealed record ReportedValue(ReportedKind Kind, string Name, string Property, LossSpec? Loss, int Slot, string? ResultField, string? StepArgument)
{
    public bool IsInBuffer => ResultField is null;

    /// <summary>The C# type of the property and, for a host value, of its field.</summary>
    public string Type => Kind switch
    {
        ReportedKind.DeviceGate or ReportedKind.HostGate or ReportedKind.Skipped or ReportedKind.OptimizerStepped or ReportedKind.FellBack => "bool",
        ReportedKind.Phase => "int",
        _ => "double",
    };

    /// <summary>The property's value as a <c>double</c> (what <c>GetValue</c> returns).</summary>
    public string AsDouble => Type == "bool" ? $"({Property} ? 1.0 : 0.0)" : Property;
}

/// <summary>
/// Every value a trainer's step reports, in one list: the buffer's slots in slot order (see <see cref="ValueSlots"/>), then
/// the values the step passes to its result. Fields, constructor, properties, <c>ValueNames</c> and <c>GetValue</c> of the
/// generated <c>StepResult</c>, and the step's <c>return</c>, are all written from it.
/// </summary>
internal static class ReportedValues
{
    public static IReadOnlyList<ReportedValue> Of(TrainerSpec trainer)
    {
        var values = new List<ReportedValue>();
        foreach (var loss in trainer.Losses)
        {
            values.Add(new(ReportedKind.Loss, loss.ReportName, CSharp.Identifier(loss.MethodName), loss, loss.Index, null, null));
        }
        values.Add(new(ReportedKind.Total, "Total", "Total", null, ValueSlots.TotalSlot(trainer), null, null));
        foreach (var loss in trainer.Losses)
        {
            if (loss.HasDeviceGate) values.Add(new(ReportedKind.DeviceGate, loss.ReportName + "GateOpen", Names.GateProperty(loss), loss, ValueSlots.GateSlot(trainer, loss), null, null));
        }
        // An aggregation's weights come from the backward pass: an evaluation, which runs none, reports them as NaN.
        if (trainer.Methods.Weighting is not null || trainer.Methods.IsOpen || trainer.Methods.Aggregation is not null)
        {
            foreach (var loss in trainer.Losses)
            {
                values.Add(new(ReportedKind.DeviceWeight, loss.ReportName + "Weight", Names.WeightProperty(loss), loss, ValueSlots.WeightSlot(trainer, loss), null, null));
            }
        }

        foreach (var metric in trainer.Metrics)
        {
            values.Add(new(ReportedKind.Metric, metric.ReportName, CSharp.Identifier(metric.MethodName), null, ValueSlots.MetricSlot(trainer, metric), null, null));
        }

        foreach (var loss in trainer.Losses)
        {
            var argument = loss.IsRamped ? $"{Names.WeightField(loss)}.ValueAt({Names.StepIndex})"
                : null;
            if (argument is not null) values.Add(Host(ReportedKind.HostWeight, loss.ReportName + "Weight", Names.WeightProperty(loss), loss, Names.WeightField(loss), argument));
        }
        foreach (var loss in trainer.Losses)
        {
            if (loss.HasHostGate) values.Add(Host(ReportedKind.HostGate, loss.ReportName + "GateOpen", Names.GateProperty(loss), loss, Names.GateField(loss), Names.GateField(loss)));
        }
        if (trainer.HasDeclaredPhases) values.Add(Host(ReportedKind.Phase, "Phase", "Phase", null, "__phase", Names.PhaseRan));
        if (trainer.Controls.SkipNonFinite) values.Add(Host(ReportedKind.Skipped, "Skipped", "Skipped", null, Names.Skipped, Names.Skipped));
        OptimizerStepPart.For(trainer).AddReportedValue(values);
        if (trainer.Methods.CanFallBack) values.Add(Host(ReportedKind.FellBack, "FellBack", "FellBack", null, Names.FellBack, Names.FellBack));
        return values;
    }

    private static ReportedValue Host(ReportedKind kind, string name, string property, LossSpec? loss, string field, string argument)
        => new(kind, name, property, loss, -1, field, argument);
}
