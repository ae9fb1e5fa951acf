namespace MultiLoss.Generators.Emit;

/// <summary>The combined strategy: one backward of the weighted sum.</summary>
internal static class CombinedBackwardEmitter
{
    public static void Emit(SourceWriter writer, PhasePlan plan)
    {
        TotalEmitter.Emit(writer, plan);
        writer.Line($"{Names.Total}.backward();");
    }
}
