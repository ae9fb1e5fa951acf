using System.Collections.Generic;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes <c>SaveState()</c> and <c>RestoreState(state)</c>: the trainer's own training state (steps, phase, gates,
/// accumulation cycle, skipped steps) as a <c>TrainerState</c>, so a resumed run continues exactly where it stopped. Each
/// method saves its own state under its prefix; the trainer holds no key of any method.
/// </summary>
internal static class StateSnapshotEmitter
{
    private const string State = "global::MultiLoss.Runtime.TrainerState";

    public static void Emit(SourceWriter writer, TrainerSpec trainer)
    {
        var controls = trainer.Controls;
        var optimizerStep = OptimizerStepPart.For(trainer);
        writer.Line("/// <summary>The training state (steps, phase, gates, cycle, methods), to save beside the model's and the optimizer's.</summary>");
        writer.OpenBlock($"public {State} SaveState()");
        writer.Line(DisposeEmitter.ThrowIfDisposed);
        // The learned and running values the trainer saves, by name, each with the expression that reads it.
        var values = new List<(string Name, string Value)>();
        optimizerStep.AddSavedValues(values);
        var methods = trainer.Methods.HasMethod;
        if (methods)
        {
            MethodEmitter.EmitInitialize(writer, trainer);
            writer.Line($"var {SavedValuesLocal} = new global::System.Collections.Generic.Dictionary<string, double[]>();");
            foreach (var (name, value) in values) writer.Line($"{SavedValuesLocal}[{CSharp.StringLiteral(name)}] = {value};");
            writer.Line($"var {SavedBlobsLocal} = new global::System.Collections.Generic.Dictionary<string, byte[]>();");
            MethodEmitter.EmitSave(writer, trainer, SavedValuesLocal, SavedBlobsLocal);
        }
        writer.OpenBlock($"return new {State}");
        writer.Line($"Trainer = {CSharp.StringLiteral(trainer.FullName)},");
        writer.Line($"StepsTaken = {Names.Values}.Step,");
        if (trainer.HasDeclaredPhases)
        {
            writer.Line($"Phase = {Names.Phase},");
            writer.Line($"StepsInPhase = {Names.StepsInPhase},");
        }
        optimizerStep.EmitSavedPosition(writer);
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
        if (methods)
        {
            writer.Line($"Values = {SavedValuesLocal},");
            writer.Line($"Blobs = {SavedBlobsLocal},");
        }
        else if (values.Count > 0)
        {
            writer.OpenBlock("Values = new global::System.Collections.Generic.Dictionary<string, double[]>");
            foreach (var (name, value) in values) writer.Line($"[{CSharp.StringLiteral(name)}] = {value},");
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
        optimizerStep.EmitRestorePosition(writer);
        if (trainer.HasDeclaredPhases)
        {
            writer.Line("Phase = state.Phase;");
            writer.Line($"{Names.StepsInPhase} = state.StepsInPhase;");
        }
        writer.Line($"{Names.Values}.RestoreStep(state.StepsTaken);");
        if (controls.SkipNonFinite) writer.Line($"{Names.SkippedSteps} = state.SkippedSteps;");
        if (trainer.Methods.HasMethod)
        {
            MethodEmitter.EmitInitialize(writer, trainer);
            MethodEmitter.EmitRestore(writer, trainer);
        }
        optimizerStep.EmitRestoreValues(writer);
        foreach (var loss in trainer.Losses)
        {
            var name = CSharp.StringLiteral(loss.MethodName);
            if (loss.HasHostGate) writer.Line($"{Names.GateField(loss)} = state.Gate({name});");
            else if (loss.Gate is { OnDevice: true, Latch: true }) writer.Line($"{Names.DeviceGateField(loss)}.Restore(state.Gate({name}));");
        }
        writer.CloseBlock();
    }

    private const string SavedValuesLocal = "__savedValues";
    private const string SavedBlobsLocal = "__savedBlobs";


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
