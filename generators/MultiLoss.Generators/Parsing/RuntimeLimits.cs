using Microsoft.CodeAnalysis;

namespace MultiLoss.Generators.Parsing;

/// <summary>Limits of the referenced MultiLoss runtime, read from its constants so the generator never repeats them.</summary>
internal static class RuntimeLimits
{
    /// <summary>The runtime's <c>StepValues.MaxCount</c>, or null when the compilation references no runtime that declares it.</summary>
    public static int? ValueLimit(Compilation compilation)
    {
        if (compilation.GetTypeByMetadataName(KnownNames.StepValues) is not { } stepValues) return null;
        foreach (var member in stepValues.GetMembers(KnownNames.StepValuesMaxCount))
        {
            if (member is IFieldSymbol { IsConst: true, ConstantValue: int limit }) return limit;
        }
        return null;
    }
}
