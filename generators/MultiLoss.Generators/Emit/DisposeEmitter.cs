using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes <c>Dispose</c>, which releases what the trainer caches (the model and optimizer stay the caller's). A second call
/// does nothing; the trainer's methods throw <c>ObjectDisposedException</c> afterwards (<see cref="ThrowIfDisposed"/>).
/// </summary>
internal static class DisposeEmitter
{
    public static void Emit(SourceWriter writer, TrainerSpec trainer)
    {
        writer.Line("/// <summary>Releases the weights and buffers this trainer caches. The model and the optimizer stay the caller's.</summary>");
        writer.OpenBlock("public void Dispose()");
        writer.Line($"if ({Names.Disposed}) return;");
        writer.Line($"{Names.Disposed} = true;");
        writer.Line($"{Names.Values}.Dispose();");
        writer.Line($"{Names.EvaluationValues}.Dispose();");
        foreach (var loss in trainer.Losses)
        {
            if (!loss.IsUnitWeight && !loss.IsAdaptive) writer.Line($"{Names.WeightField(loss)}.Dispose();");
        }
        foreach (var loss in trainer.Losses)
        {
            if (loss.HasDeviceGate) writer.Line($"{Names.DeviceGateField(loss)}.Dispose();");
        }
        MethodEmitter.EmitDispose(writer, trainer);
        OptimizerStepPart.For(trainer).EmitDispose(writer);
        writer.CloseBlock();
    }

    /// <summary>The first statement of each public method that uses what <c>Dispose</c> releases.</summary>
    public const string ThrowIfDisposed = "global::System.ObjectDisposedException.ThrowIf(" + Names.Disposed + ", this);";
}
