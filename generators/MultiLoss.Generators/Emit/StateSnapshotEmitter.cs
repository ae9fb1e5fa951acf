using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes <c>SaveState()</c> and <c>RestoreState(state)</c>: the trainer's own training state (steps, phase, gates,
/// accumulation cycle, skipped steps) as a <c>TrainerState</c>, so a resumed run continues exactly where it stopped.
/// </summary>
internal static class StateSnapshotEmitter
{
    private const string State = "global::MultiLoss.Runtime.TrainerState";

    public static void Emit(SourceWriter writer, TrainerSpec trainer)
    {
        var controls = trainer.Controls;
        writer.Line("/// <summary>");
        writer.Line("/// The trainer's training state — steps taken, phase, gates, accumulation cycle — to save next to the model's and");
        writer.Line($"/// the optimizer's state and restore with <see cref=\"RestoreState({State})\"/> when resuming.");
        writer.Line("/// </summary>");
        writer.OpenBlock($"public {State} SaveState()");
        writer.Line(DisposeEmitter.ThrowIfDisposed);
        writer.OpenBlock($"return new {State}");
        writer.Line($"Trainer = {CSharp.StringLiteral(trainer.FullName)},");
        writer.Line($"StepsTaken = {Names.Values}.Step,");
        if (trainer.HasDeclaredPhases)
        {
            writer.Line($"Phase = {Names.Phase},");
            writer.Line($"StepsInPhase = {Names.StepsInPhase},");
        }
        if (controls.Accumulates) writer.Line($"CallsInCycle = {Names.CallsInCycle},");
        if (controls.SkipNonFinite) writer.Line($"SkippedSteps = {Names.SkippedSteps},");
        if (HasSavedGates(trainer))
        {
            writer.OpenBlock("Gates = new global::System.Collections.Generic.Dictionary<string, bool>");
            foreach (var loss in trainer.Losses)
            {
                var state = SavedGateState(loss);
                if (state is not null) writer.Line($"[{CSharp.StringLiteral(loss.MethodName)}] = {state},");
            }
            writer.CloseBlock(",");
        }
        if (trainer.Weighting.Kind == Model.LossWeightingValue.GradNorm)
        {
            writer.OpenBlock("Values = new global::System.Collections.Generic.Dictionary<string, double[]>");
            writer.Line($"[\"GradNormWeights\"] = {Names.Weighting}?.WeightValues() ?? global::System.Array.Empty<double>(),");
            writer.Line($"[\"GradNormInitialLosses\"] = {Names.Weighting}?.InitialLossValues() ?? global::System.Array.Empty<double>(),");
            writer.CloseBlock(",");
        }
        if (trainer.Weighting.Kind == Model.LossWeightingValue.DynamicWeightAverage)
        {
            writer.OpenBlock("Values = new global::System.Collections.Generic.Dictionary<string, double[]>");
            writer.Line($"[\"DynamicWeightAverage\"] = {Names.Weighting}.SaveValues(),");
            writer.CloseBlock(",");
        }
        if (trainer.Weighting.Kind == Model.LossWeightingValue.Uncertainty)
        {
            writer.OpenBlock("Values = new global::System.Collections.Generic.Dictionary<string, double[]>");
            writer.Line($"[\"LogVariances\"] = {Names.WeightingAttached} ? {Names.Weighting}.LogVarianceValues() : new double[{CSharp.IntLiteral(trainer.Losses.Count)}],");
            writer.CloseBlock(",");
        }
        writer.CloseBlock(";");
        writer.CloseBlock();
        writer.Line();

        writer.Line("/// <summary>Restores a state taken by <see cref=\"SaveState()\"/>: the next step continues where that run stopped.</summary>");
        writer.OpenBlock($"public void RestoreState({State} state)");
        writer.Line(DisposeEmitter.ThrowIfDisposed);
        writer.Line("global::System.ArgumentNullException.ThrowIfNull(state);");
        writer.Line($"state.EnsureFrom({CSharp.StringLiteral(trainer.FullName)});");
        // What a state saved by a trainer of another configuration fails (the cycle, the phase) is restored first.
        if (controls.Accumulates) writer.Line($"{Names.CallsInCycle} = state.CallsInCycleOf({CSharp.IntLiteral(controls.AccumulateSteps)});");
        if (trainer.HasDeclaredPhases)
        {
            writer.Line("Phase = state.Phase;");
            writer.Line($"{Names.StepsInPhase} = state.StepsInPhase;");
        }
        writer.Line($"{Names.Values}.RestoreStep(state.StepsTaken);");
        if (controls.SkipNonFinite) writer.Line($"{Names.SkippedSteps} = state.SkippedSteps;");
        if (trainer.Weighting.Kind == Model.LossWeightingValue.DynamicWeightAverage)
        {
            writer.Line($"{Names.Weighting}.RestoreValues(state.Value(\"DynamicWeightAverage\"));");
        }
        if (trainer.Weighting.Kind == Model.LossWeightingValue.GradNorm)
        {
            WeightingEmitter.EmitAttach(writer, trainer);
            writer.Line($"if (state.Value(\"GradNormWeights\").Length > 0) {Names.Weighting}.RestoreValues(state.Value(\"GradNormWeights\"), state.Value(\"GradNormInitialLosses\"));");
        }
        if (trainer.Weighting.Kind == Model.LossWeightingValue.Uncertainty)
        {
            writer.Line($"if (!{Names.WeightingAttached}) {WeightingEmitter.AttachStatement(trainer)}");
            writer.Line($"{Names.Weighting}.RestoreLogVariances(state.Value(\"LogVariances\"));");
        }
        foreach (var loss in trainer.Losses)
        {
            var name = CSharp.StringLiteral(loss.MethodName);
            if (loss.HasHostGate) writer.Line($"{Names.GateField(loss)} = state.Gate({name});");
            else if (loss.Gate is { OnDevice: true, Latch: true }) writer.Line($"{Names.DeviceGateField(loss)}.Restore(state.Gate({name}));");
        }
        writer.CloseBlock();
    }

    /// <summary>What is saved of a gate: a host gate's flag, a latched device gate's "has opened" (read from the device).</summary>
    private static string? SavedGateState(LossSpec loss) => loss.Gate switch
    {
        { OnDevice: false } => Names.GateField(loss),
        { OnDevice: true, Latch: true } => Names.DeviceGateField(loss) + ".HasOpened",
        _ => null,
    };

    private static bool HasSavedGates(TrainerSpec trainer)
    {
        foreach (var loss in trainer.Losses)
        {
            if (SavedGateState(loss) is not null) return true;
        }
        return false;
    }
}
