using Microsoft.CodeAnalysis;

namespace MultiLoss.Generators.Parsing;

/// <summary>The attributes that make a member take part in a trainer, and how messages write them.</summary>
internal static class MemberAttributes
{
    public const string Loss = "[Loss]";
    public const string Metric = "[Metric]";
    public const string Model = "[Model]";
    public const string Optimizer = "[Optimizer]";

    private static readonly (string MetadataName, string Display)[] All =
    [
        (KnownNames.LossAttribute, Loss),
        (KnownNames.MetricAttribute, Metric),
        (KnownNames.ModelAttribute, Model),
        (KnownNames.OptimizerAttribute, Optimizer),
        (KnownNames.ForwardAttribute, "[Forward]"),
        (KnownNames.SharedLayerAttribute, "[SharedLayer]"),
        (KnownNames.MethodMemberAttribute, "[Method]"),
    ];

    /// <summary>How messages write the attribute with <paramref name="metadataName"/>.</summary>
    public static string Display(string metadataName)
    {
        foreach (var (name, display) in All)
        {
            if (name == metadataName) return display;
        }
        return metadataName;
    }

    /// <summary>The first member attribute on <paramref name="member"/>, as messages write it, or null.</summary>
    public static string? FirstOn(ISymbol member)
    {
        foreach (var attribute in member.GetAttributes())
        {
            foreach (var (name, display) in All)
            {
                if (TrainerParser.Is(attribute, name)) return display;
            }
        }
        return null;
    }

    /// <summary>The name a type is known by in <c>ML0047</c> and <c>ML0048</c>, the same from either side.</summary>
    public static string TypeName(INamedTypeSymbol type) => type.ToDisplayString();
}
