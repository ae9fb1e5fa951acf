using System.Collections.Generic;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes the trainer's own <c>StepResult</c>: a readonly struct with a member per loss and the total,
/// read lazily from the trainer's buffer so a step never waits for the device unless a value is read.
/// </summary>
internal static class StepResultEmitter
{
    public static void Emit(SourceWriter writer, TrainerSpec trainer) => Emit(writer, trainer, evaluation: false);

    /// <summary>
    /// Writes <c>StepResult</c>, or with <paramref name="evaluation"/> <c>EvaluationResult</c>: the same members but the
    /// step's flags, read from the evaluations' own buffer, its <c>StepNumber</c> the steps taken when it was evaluated.
    /// </summary>
    public static void Emit(SourceWriter writer, TrainerSpec trainer, bool evaluation)
    {
        var values = ReportedValues.Of(trainer, evaluation);
        var type = evaluation ? Names.EvaluationResult : Names.StepResult;
        writer.Line("/// <summary>");
        writer.Line(evaluation
            ? $"/// What one evaluation of <see cref=\"{CSharp.Identifier(trainer.Name)}\"/> computed. Values are copied from the device when first read;"
            : $"/// What one step of <see cref=\"{CSharp.Identifier(trainer.Name)}\"/> reported. Values are copied from the device when first read;");
        writer.Line(evaluation
            ? "/// read them before the trainer's next evaluation (a stale read throws)."
            : "/// read them before the trainer's next step (a stale read throws).");
        writer.Line("/// </summary>");
        writer.OpenBlock($"public readonly struct {type} : global::MultiLoss.ITrainingReport");
        writer.Line("/// <summary>The report names of the losses, in declaration order (the order of <see cref=\"GetLoss\"/>).</summary>");
        writer.Line($"public static global::System.Collections.Generic.IReadOnlyList<string> LossNames {{ get; }} = new string[] {{ {NameList(values, ReportedKind.Loss)} }};");
        writer.Line();
        writer.Line("/// <summary>The names of every reported value, in the order of <see cref=\"GetValue\"/>.</summary>");
        writer.Line($"public static global::System.Collections.Generic.IReadOnlyList<string> AllValueNames {{ get; }} = new string[] {{ {NameList(values, null)} }};");
        writer.Line();
        writer.Line($"private readonly {Names.StepValues} __values;");
        writer.Line("private readonly long __step;");
        if (evaluation) writer.Line("private readonly long __stepsTaken;");
        foreach (var value in values)
        {
            if (!value.IsInBuffer) writer.Line($"private readonly {value.Type} {value.ResultField};");
        }
        writer.Line();
        writer.OpenBlock($"internal {type}({ConstructorParameters(values, evaluation)})");
        writer.Line("__values = values;");
        writer.Line("__step = step;");
        if (evaluation) writer.Line("__stepsTaken = stepsTaken;");
        foreach (var value in values)
        {
            if (!value.IsInBuffer) writer.Line($"this.{value.ResultField} = {value.ResultField};");
        }
        writer.CloseBlock();
        writer.Line();
        if (evaluation)
        {
            writer.Line("/// <summary>The steps the trainer had taken when it evaluated (the weights, phase and gates were those after that step).</summary>");
            writer.Line("public long StepNumber => __stepsTaken;");
        }
        else
        {
            writer.Line("/// <summary>The number of this step, counting from 1.</summary>");
            writer.Line("public long StepNumber => __step;");
        }
        foreach (var kind in PropertyOrder)
        {
            foreach (var value in values)
            {
                if (value.Kind != kind) continue;
                writer.Line();
                writer.Line($"/// <summary>{Summary(trainer, value)}</summary>");
                writer.Line($"public {value.Type} {value.Property} => {Read(value)};");
            }
        }
        writer.Line();
        writer.Line("/// <summary>The unweighted value of loss <paramref name=\"index\"/>, in <see cref=\"LossNames\"/> order.</summary>");
        writer.OpenBlock("public double GetLoss(int index)");
        writer.Line($"if ((uint)index >= {trainer.Losses.Count}u) throw new global::System.ArgumentOutOfRangeException(nameof(index), index, \"A loss index is between 0 and {trainer.Losses.Count - 1}.\");");
        writer.Line("return __ValuesOrThrow.Read(index, __step);");
        writer.CloseBlock();
        EmitReport(writer, values);
        writer.Line();
        writer.Line("/// <summary>The values as text, e.g. for a log line (reads them, so it syncs with the device).</summary>");
        writer.Line($"public override string ToString() => string.Create(global::System.Globalization.CultureInfo.InvariantCulture, $\"{ToStringTemplate(trainer, evaluation)}\");");
        writer.Line();
        writer.Line($"private {Names.StepValues} __ValuesOrThrow => __values ?? throw new global::System.InvalidOperationException({CSharp.StringLiteral(evaluation ? "This EvaluationResult was not returned by an evaluation." : "This StepResult was not returned by a step.")});");
        writer.CloseBlock();
    }

    /// <summary>The <c>ITrainingReport</c> members: every value by index, the buffer's first.</summary>
    private static void EmitReport(SourceWriter writer, IReadOnlyList<ReportedValue> values)
    {
        var inBuffer = 0;
        foreach (var value in values)
        {
            if (value.IsInBuffer) inBuffer++;
        }
        writer.Line();
        writer.Line("global::System.Collections.Generic.IReadOnlyList<string> global::MultiLoss.ITrainingReport.ValueNames => AllValueNames;");
        writer.Line();
        writer.Line($"int global::MultiLoss.ITrainingReport.DeviceValueCount => {inBuffer};");
        writer.Line();
        writer.Line($"{Names.StepValues} global::MultiLoss.ITrainingReport.DeviceValues => __ValuesOrThrow;");
        writer.Line();
        writer.Line("/// <summary>Reported value <paramref name=\"index\"/>, in <see cref=\"AllValueNames\"/> order (gates and flags as 1 or 0).</summary>");
        writer.OpenBlock("public double GetValue(int index) => index switch");
        for (var i = 0; i < values.Count; i++)
        {
            writer.Line($"{i} => {values[i].AsDouble},");
        }
        writer.Line($"_ => throw new global::System.ArgumentOutOfRangeException(nameof(index), index, \"A value index is between 0 and {values.Count - 1}.\"),");
        writer.CloseBlock(";");
    }

    /// <summary>The order of the properties: flags and the phase, weights, gates, losses, total.</summary>
    private static readonly ReportedKind[] PropertyOrder =
    {
        ReportedKind.Phase, ReportedKind.Skipped, ReportedKind.OptimizerStepped, ReportedKind.FellBack,
        ReportedKind.HostWeight, ReportedKind.DeviceWeight, ReportedKind.HostGate, ReportedKind.DeviceGate,
        ReportedKind.Loss, ReportedKind.Total,
    };

    private static string Read(ReportedValue value) => value.Kind switch
    {
        _ when !value.IsInBuffer => value.ResultField!,
        ReportedKind.DeviceGate => $"__ValuesOrThrow.Read({value.Slot}, __step) == 1.0",
        _ => $"__ValuesOrThrow.Read({value.Slot}, __step)",
    };

    private static string Summary(TrainerSpec trainer, ReportedValue value) => value.Kind switch
    {
        ReportedKind.Phase => "The phase this step ran in.",
        ReportedKind.Skipped => trainer.Weighting.Aggregation is null
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
        _ => "The weighted total that was backpropagated.",
    };

    /// <summary>The arguments of the step's <c>return new StepResult(...)</c>, matching the constructor.</summary>
    public static string ResultArguments(TrainerSpec trainer)
    {
        var text = new System.Text.StringBuilder($"{Names.Values}, {Names.Values}.Step");
        foreach (var value in ReportedValues.Of(trainer))
        {
            if (!value.IsInBuffer) text.Append(", ").Append(value.StepArgument);
        }
        return text.ToString();
    }

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

    private static string ConstructorParameters(IReadOnlyList<ReportedValue> values, bool evaluation)
    {
        var text = new System.Text.StringBuilder($"{Names.StepValues} values, long step");
        if (evaluation) text.Append(", long stepsTaken");
        foreach (var value in values)
        {
            if (!value.IsInBuffer) text.Append(", ").Append(value.Type).Append(' ').Append(value.ResultField);
        }
        return text.ToString();
    }

    /// <summary>The names of the values of <paramref name="kind"/> (or of all values), as string literals.</summary>
    private static string NameList(IReadOnlyList<ReportedValue> values, ReportedKind? kind)
    {
        var text = new System.Text.StringBuilder();
        foreach (var value in values)
        {
            if (kind is not null && value.Kind != kind) continue;
            if (text.Length > 0) text.Append(", ");
            text.Append(CSharp.StringLiteral(value.Name));
        }
        return text.ToString();
    }

    private static string ToStringTemplate(TrainerSpec trainer, bool evaluation)
    {
        var text = new System.Text.StringBuilder(evaluation ? "evaluation after step {__stepsTaken}:" : "step {__step}:");
        for (var i = 0; i < trainer.Losses.Count; i++)
        {
            text.Append(" {LossNames[").Append(i).Append("]}={").Append(CSharp.Identifier(trainer.Losses[i].MethodName)).Append(":G6}");
        }
        text.Append(" Total={Total:G6}");
        if (trainer.HasDeclaredPhases) text.Append(" Phase={__phase}");
        if (trainer.Controls.SkipNonFinite && !evaluation) text.Append("{(__skipped ? \" (skipped)\" : \"\")}");
        if (trainer.Weighting.Aggregation is not null && !evaluation) text.Append("{(__fellBack ? \" (fell back)\" : \"\")}");
        for (var i = 0; i < trainer.Losses.Count; i++)
        {
            var gate = trainer.Losses[i].Gate is null ? null : Names.GateProperty(trainer.Losses[i]);
            if (gate is not null) text.Append(" {LossNames[").Append(i).Append("]}Gate={(").Append(gate).Append(" ? \"open\" : \"closed\")}");
        }
        return text.ToString();
    }

    private static string MethodName(TrainerSpec trainer)
        => CSharp.DocText((trainer.Weighting.Weighting ?? trainer.Weighting.Aggregation)?.Name ?? string.Empty);
}
