using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes the trainer's own <c>StepResult</c>: a readonly struct with a member per loss and the total,
/// read lazily from the trainer's buffer so a step never waits for the device unless a value is read.
/// </summary>
internal static class StepResultEmitter
{
    public static void Emit(SourceWriter writer, TrainerSpec trainer)
    {
        writer.Line("/// <summary>");
        writer.Line($"/// What one step of <see cref=\"{CSharp.Identifier(trainer.Name)}\"/> reported. Values are copied from the device when first read;");
        writer.Line("/// read them before the trainer's next step (a stale read throws).");
        writer.Line("/// </summary>");
        writer.OpenBlock($"public readonly struct {Names.StepResult}");
        writer.Line("/// <summary>The report names of the losses, in declaration order (the order of <see cref=\"GetLoss\"/>).</summary>");
        writer.Line($"public static global::System.Collections.Generic.IReadOnlyList<string> LossNames {{ get; }} = new string[] {{ {LossNameList(trainer)} }};");
        writer.Line();
        writer.Line($"private readonly {Names.StepValues} __values;");
        writer.Line("private readonly long __step;");
        if (trainer.HasDeclaredPhases) writer.Line("private readonly int __phase;");
        if (trainer.Controls.SkipNonFinite) writer.Line($"private readonly bool {Names.Skipped};");
        if (trainer.Controls.Accumulates) writer.Line($"private readonly bool {Names.OptimizerStepped};");
        foreach (var loss in trainer.Losses)
        {
            if (HasHostWeight(trainer, loss)) writer.Line($"private readonly double {Names.WeightField(loss)};");
        }
        foreach (var loss in trainer.Losses)
        {
            if (loss.HasHostGate) writer.Line($"private readonly bool {Names.GateField(loss)};");
        }
        writer.Line();
        writer.OpenBlock($"internal {Names.StepResult}({ConstructorParameters(trainer)})");
        writer.Line("__values = values;");
        writer.Line("__step = step;");
        if (trainer.HasDeclaredPhases) writer.Line("__phase = phase;");
        if (trainer.Controls.SkipNonFinite) writer.Line($"{Names.Skipped} = skipped;");
        if (trainer.Controls.Accumulates) writer.Line($"{Names.OptimizerStepped} = optimizerStepped;");
        foreach (var loss in trainer.Losses)
        {
            if (HasHostWeight(trainer, loss)) writer.Line($"this.{Names.WeightField(loss)} = {Names.WeightField(loss)};");
        }
        foreach (var loss in trainer.Losses)
        {
            if (loss.HasHostGate) writer.Line($"this.{Names.GateField(loss)} = {Names.GateField(loss)};");
        }
        writer.CloseBlock();
        writer.Line();
        writer.Line("/// <summary>The number of this step, counting from 1.</summary>");
        writer.Line("public long StepNumber => __step;");
        if (trainer.HasDeclaredPhases)
        {
            writer.Line();
            writer.Line("/// <summary>The phase this step ran in.</summary>");
            writer.Line("public int Phase => __phase;");
        }
        if (trainer.Controls.SkipNonFinite)
        {
            writer.Line();
            writer.Line("/// <summary>True when the total loss was NaN or infinite, so the step did no backward and no optimizer step.</summary>");
            writer.Line($"public bool Skipped => {Names.Skipped};");
        }
        if (trainer.Controls.Accumulates)
        {
            writer.Line();
            writer.Line("/// <summary>True when this step ended an accumulation cycle, so the optimizer stepped.</summary>");
            writer.Line($"public bool OptimizerStepped => {Names.OptimizerStepped};");
        }
        foreach (var loss in trainer.Losses)
        {
            if (!loss.IsRamped && !loss.IsAdaptive) continue;
            writer.Line();
            var how = loss.IsRamped ? $"it ramps up over {loss.WarmupSteps} steps" : $"set by {trainer.Weighting.Kind}";
            writer.Line($"/// <summary>The effective weight of <c>{CSharp.DocText(loss.ReportName)}</c> this step ({how}).</summary>");
            writer.Line(HasHostWeight(trainer, loss)
                ? $"public double {Names.WeightProperty(loss)} => {Names.WeightField(loss)};"
                : $"public double {Names.WeightProperty(loss)} => __ValuesOrThrow.Read({ValueSlots.WeightSlot(trainer, loss)}, __step);");
        }
        foreach (var loss in trainer.Losses)
        {
            if (loss.Gate is null) continue;
            writer.Line();
            writer.Line($"/// <summary>Whether the gate of <c>{CSharp.DocText(loss.ReportName)}</c> was open this step (then the loss was computed).</summary>");
            writer.Line(loss.HasHostGate
                ? $"public bool {Names.GateProperty(loss)} => {Names.GateField(loss)};"
                : $"public bool {Names.GateProperty(loss)} => __ValuesOrThrow.Read({ValueSlots.GateSlot(trainer, loss)}, __step) == 1.0;");
        }

        for (var i = 0; i < trainer.Losses.Count; i++)
        {
            var loss = trainer.Losses[i];
            writer.Line();
            var absence = CanBeAbsent(trainer, i) ? " (NaN when it was not computed)" : string.Empty;
            writer.Line($"/// <summary>The unweighted value of the loss <c>{CSharp.DocText(loss.ReportName)}</c> this step{absence}.</summary>");
            writer.Line($"public double {CSharp.Identifier(loss.MethodName)} => __ValuesOrThrow.Read({i}, __step);");
        }
        writer.Line();
        writer.Line("/// <summary>The weighted total that was backpropagated.</summary>");
        writer.Line($"public double Total => __ValuesOrThrow.Read({ValueSlots.TotalSlot(trainer)}, __step);");
        writer.Line();
        writer.Line("/// <summary>The unweighted value of loss <paramref name=\"index\"/>, in <see cref=\"LossNames\"/> order.</summary>");
        writer.OpenBlock("public double GetLoss(int index)");
        writer.Line($"if ((uint)index >= {trainer.Losses.Count}u) throw new global::System.ArgumentOutOfRangeException(nameof(index), index, \"A loss index is between 0 and {trainer.Losses.Count - 1}.\");");
        writer.Line("return __ValuesOrThrow.Read(index, __step);");
        writer.CloseBlock();
        writer.Line();
        writer.Line("/// <summary>The values as text, e.g. for a log line (reads them, so it syncs with the device).</summary>");
        writer.Line($"public override string ToString() => string.Create(global::System.Globalization.CultureInfo.InvariantCulture, $\"{ToStringTemplate(trainer)}\");");
        writer.Line();
        writer.Line($"private {Names.StepValues} __ValuesOrThrow => __values ?? throw new global::System.InvalidOperationException(\"This StepResult was not returned by a step.\");");
        writer.CloseBlock();
    }

    /// <summary>A weight known on the host at the step (a ramp, DWA's epoch weight) is passed to the result; uncertainty's is read lazily.</summary>
    public static bool HasHostWeight(TrainerSpec trainer, LossSpec loss)
        => loss.IsRamped || trainer.Weighting.Kind == LossWeightingValue.DynamicWeightAverage;

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

    private static string ConstructorParameters(TrainerSpec trainer)
    {
        var text = new System.Text.StringBuilder($"{Names.StepValues} values, long step");
        if (trainer.HasDeclaredPhases) text.Append(", int phase");
        if (trainer.Controls.SkipNonFinite) text.Append(", bool skipped");
        if (trainer.Controls.Accumulates) text.Append(", bool optimizerStepped");
        foreach (var loss in trainer.Losses)
        {
            if (HasHostWeight(trainer, loss)) text.Append(", double ").Append(Names.WeightField(loss));
        }
        foreach (var loss in trainer.Losses)
        {
            if (loss.HasHostGate) text.Append(", bool ").Append(Names.GateField(loss));
        }
        return text.ToString();
    }

    private static string LossNameList(TrainerSpec trainer)
    {
        var text = new System.Text.StringBuilder();
        foreach (var loss in trainer.Losses)
        {
            if (text.Length > 0) text.Append(", ");
            text.Append(CSharp.StringLiteral(loss.ReportName));
        }
        return text.ToString();
    }

    private static string ToStringTemplate(TrainerSpec trainer)
    {
        var text = new System.Text.StringBuilder("step {__step}:");
        for (var i = 0; i < trainer.Losses.Count; i++)
        {
            text.Append(" {LossNames[").Append(i).Append("]}={").Append(CSharp.Identifier(trainer.Losses[i].MethodName)).Append(":G6}");
        }
        text.Append(" Total={Total:G6}");
        if (trainer.HasDeclaredPhases) text.Append(" Phase={__phase}");
        if (trainer.Controls.SkipNonFinite) text.Append("{(__skipped ? \" (skipped)\" : \"\")}");
        for (var i = 0; i < trainer.Losses.Count; i++)
        {
            var gate = trainer.Losses[i].Gate is null ? null : Names.GateProperty(trainer.Losses[i]);
            if (gate is not null) text.Append(" {LossNames[").Append(i).Append("]}Gate={(").Append(gate).Append(" ? \"open\" : \"closed\")}");
        }
        return text.ToString();
    }
}
