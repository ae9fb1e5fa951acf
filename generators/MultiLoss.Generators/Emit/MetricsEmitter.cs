using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes the metrics of a step: each called after the losses, without gradients (so it has no graph), guarded (what it
/// throws names the metric) and checked to be one value; then recorded beside the losses. Nothing else sees them: they
/// are in no total, no backward pass and no method's loss array. A metric is computed in every step and evaluation,
/// whatever the phase and the gates.
/// </summary>
internal static class MetricsEmitter
{
    /// <summary>The calls, before the step changes the trainer's state: a metric that throws leaves the step not taken.</summary>
    public static void Emit(SourceWriter writer, TrainerSpec trainer)
    {
        if (trainer.Metrics.Count == 0) return;
        writer.Line();
        writer.Line("// The metrics: reported only, computed without gradients.");
        foreach (var metric in trainer.Metrics) writer.Line($"{Names.Tensor} {Names.MetricLocal(metric)};");
        writer.OpenBlock("using (global::TorchSharp.torch.no_grad())");
        foreach (var metric in trainer.Metrics)
        {
            var call = $"{Names.CheckedMetric}(this.{CSharp.Identifier(metric.MethodName)}({StepEmitter.Arguments(metric.Arguments)}))";
            GuardedCallEmitter.EmitMetric(writer, trainer, metric, $"{Names.MetricLocal(metric)} = {call};");
        }
        writer.CloseBlock();
    }

    /// <summary>Inside the recording block: each metric into its slot.</summary>
    public static void EmitRecord(SourceWriter writer, TrainerSpec trainer)
    {
        foreach (var metric in trainer.Metrics)
        {
            writer.Line($"{Names.Record}.Set({ValueSlots.MetricSlot(trainer, metric)}, {Names.MetricLocal(metric)});");
        }
    }
}
