using System.Collections.Generic;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes the trainer's own <c>StepResult</c>: a readonly struct with a member per loss, the total and a member per metric,
/// read lazily from the trainer's buffer so a step never waits for the device unless a value is read.
/// </summary>
internal static class StepResultEmitter
{
    private const string Report = "global::MultiLoss.StepReport";
    private const string Layout = "global::MultiLoss.ReportLayout";

    /// <summary>
    /// Writes <c>StepResult</c>, what a step or an evaluation returns: a typed view of a <c>MultiLoss.StepReport</c>, with
    /// the layout of its values and a property per value.
    /// </summary>
    public static void Emit(SourceWriter writer, TrainerSpec trainer)
    {
        var values = ReportedValues.Of(trainer);
        writer.Line("/// <summary>What a step (or evaluation) reported, copied from the device when first read: read it before the next.</summary>");
        writer.OpenBlock($"public readonly struct {Names.StepResult} : global::MultiLoss.ITrainingReport");
        EmitLayout(writer, values);
        writer.Line();
        writer.Line($"private readonly {Report} __report;");
        writer.Line($"internal {Names.StepResult}({Report} report) => __report = report;");
        writer.Line();
        // One-line members, one after the other: the result reads as a table of its values.
        writer.Line("/// <summary>The number of this step, counting from 1; for an evaluation, the steps the trainer had taken.</summary>");
        writer.Line("public long StepNumber => __report.StepNumber;");
        writer.Line("/// <summary>True for what an evaluation computed, false for what a step reported.</summary>");
        writer.Line("public bool IsEvaluation => __report.IsEvaluation;");
        foreach (var kind in PropertyOrder)
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i].Kind != kind) continue;
                writer.Line($"/// <summary>{Summary(trainer, values[i])}</summary>");
                writer.Line($"public {values[i].Type} {values[i].Property} => {Read(values[i], i)};");
            }
        }
        writer.Line("/// <summary>The unweighted value of loss <paramref name=\"index\"/>, in the order of <c>Layout.LossNames</c>.</summary>");
        writer.Line("public double GetLoss(int index) => __report.GetLoss(index);");
        writer.Line("/// <summary>Reported value <paramref name=\"index\"/>, in the order of <c>Layout.Names</c> (gates and flags as 1 or 0).</summary>");
        writer.Line("public double GetValue(int index) => __report.GetValue(index);");
        writer.Line("/// <summary>The values as text, e.g. for a log line (reads them, so it syncs with the device).</summary>");
        writer.Line("public override string ToString() => __report.ToString();");
        writer.Line();
        writer.Line($"{Layout} global::MultiLoss.ITrainingReport.Layout => Layout;");
        writer.Line($"{Names.StepValues} global::MultiLoss.ITrainingReport.DeviceValues => __report.DeviceValues;");
        writer.CloseBlock();
    }

    /// <summary>
    /// The end of a step or an evaluation: the values known on the host set in <paramref name="buffer"/>, then the
    /// result. <paramref name="argument"/> gives each host value's expression.
    /// </summary>
    public static void EmitReturn(SourceWriter writer, TrainerSpec trainer, bool evaluation, System.Func<ReportedValue, string> argument)
    {
        foreach (var line in ReturnLines(trainer, evaluation, argument)) writer.Line(line);
    }

    /// <summary>The lines <see cref="EmitReturn"/> writes.</summary>
    public static List<string> ReturnLines(TrainerSpec trainer, bool evaluation, System.Func<ReportedValue, string> argument)
    {
        var values = ReportedValues.Of(trainer);
        var buffer = evaluation ? Names.EvaluationValues : Names.Values;
        var lines = new List<string>();
        for (var i = 0; i < values.Count; i++)
        {
            if (!values[i].IsInBuffer) lines.Add($"{buffer}.Set({i}, {argument(values[i])});");
        }
        lines.Add(evaluation
            ? $"return new {Names.StepResult}({Names.EvaluationValues}.ReportAfter({Names.Values}.Step));"
            : $"return new {Names.StepResult}({Names.Values}.Report());");
        return lines;
    }

    /// <summary>The values' names and kinds, the buffer's first: the runtime reads, counts and formats them by it.</summary>
    private static void EmitLayout(SourceWriter writer, IReadOnlyList<ReportedValue> values)
    {
        var inBuffer = 0;
        foreach (var value in values)
        {
            if (value.IsInBuffer) inBuffer++;
        }
        writer.Line($"/// <summary>The names and kinds of the values, the first {inBuffer} kept on the device.</summary>");
        writer.Line($"public static {Layout} Layout {{ get; }} = new {Layout}(deviceValueCount: {inBuffer},");
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            // A loss is its own subject; a weight or a gate names the loss it belongs to.
            var subject = value.Loss is null || value.Kind == ReportedKind.Loss ? string.Empty : ", " + CSharp.StringLiteral(value.Loss.ReportName);
            writer.Line($"    new global::MultiLoss.ReportValueName({CSharp.StringLiteral(value.Name)}, global::MultiLoss.ReportValueKind.{KindName(value.Kind)}{subject}){(i == values.Count - 1 ? ");" : ",")}");
        }
    }

    private static string KindName(ReportedKind kind) => kind switch
    {
        ReportedKind.DeviceGate or ReportedKind.HostGate => "GateOpen",
        ReportedKind.DeviceWeight or ReportedKind.HostWeight => "Weight",
        _ => kind.ToString(),
    };

    /// <summary>The order of the properties: flags and the phase, weights, gates, losses, total, metrics.</summary>
    private static readonly ReportedKind[] PropertyOrder =
    {
        ReportedKind.Phase, ReportedKind.Skipped, ReportedKind.OptimizerStepped, ReportedKind.FellBack,
        ReportedKind.HostWeight, ReportedKind.DeviceWeight, ReportedKind.HostGate, ReportedKind.DeviceGate,
        ReportedKind.Loss, ReportedKind.Total, ReportedKind.Metric,
    };

    private static string Read(ReportedValue value, int index) => value.Type switch
    {
        "bool" => $"__report.GetFlag({index})",
        "int" => $"(int)__report.GetValue({index})",
        _ => $"__report.GetValue({index})",
    };

    private static string Summary(TrainerSpec trainer, ReportedValue value) => value.Kind switch
    {
        ReportedKind.Phase => "The phase this step ran in.",
        ReportedKind.Skipped => !trainer.Methods.CanFallBack
            ? "True when the total loss was NaN or infinite, so the step did no backward and no optimizer step."
            : "True when the total loss was NaN or infinite, or the aggregation method could not aggregate (gradients that are not finite), so the step took no optimizer step.",
        ReportedKind.OptimizerStepped => "True when this step ended an accumulation cycle, so the optimizer stepped.",
        ReportedKind.FellBack => $"True when {MethodName(trainer)} found no weights for this step's gradients (its solver did not converge), so the step applied its fallback weights.",
        ReportedKind.HostWeight or ReportedKind.DeviceWeight =>
            $"The effective weight of <c>{CSharp.DocText(value.Loss!.ReportName)}</c> this step ({(value.Loss.IsRamped ? $"it ramps up over {value.Loss.WarmupSteps} steps" : $"set by {MethodName(trainer)}")}).",
        ReportedKind.HostGate or ReportedKind.DeviceGate =>
            $"Whether the gate of <c>{CSharp.DocText(value.Loss!.ReportName)}</c> was open this step (then the loss was computed).",
        ReportedKind.Loss =>
            $"The unweighted value of the loss <c>{CSharp.DocText(value.Loss!.ReportName)}</c> this step{(CanBeAbsent(trainer, value.Loss.Index) ? " (NaN when it was not computed)" : string.Empty)}.",
        ReportedKind.Metric => $"The metric <c>{CSharp.DocText(value.Name)}</c> this step (computed without gradients; never trained on).",
        _ => "The weighted total that was backpropagated.",
    };

    /// <summary>A loss is not computed in a step when its gate is closed or the phase leaves it out.</summary>
    private static bool CanBeAbsent(TrainerSpec trainer, int index)
    {
        if (trainer.Losses[index].HasHostGate) return true;
        foreach (var phase in trainer.Phases)
        {
            if (!phase.LossOrder.AsImmutableArray().Contains(index)) return true;
        }
        return false;
    }

    private static string MethodName(TrainerSpec trainer)
        => trainer.Methods.IsOpen ? "the trainer's method" : CSharp.DocText((trainer.Methods.Weighting ?? trainer.Methods.Aggregation)?.Name ?? string.Empty);
}
