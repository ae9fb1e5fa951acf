using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Declarations;

namespace MultiLoss.Generators.Parsing;

/// <summary>
/// Attributes on a trainer that look like a method's (a parameterless <c>Create()</c> returning a
/// <c>MultiLoss.Methods.TrainingMethod</c>) but derive from neither method attribute base, so the trainer ignores them.
/// </summary>
internal static class MethodLookalikes
{
    private const string TrainingMethod = "MultiLoss.Methods.TrainingMethod";

    public static EquatableArray<NamedLocation> Find(INamedTypeSymbol trainer)
    {
        var found = ImmutableArray.CreateBuilder<NamedLocation>();
        foreach (var attribute in trainer.GetAttributes())
        {
            if (attribute.AttributeClass is not { } type || MethodParser.IsMethodAttribute(type) || !CreatesAMethod(type)) continue;
            found.Add(new NamedLocation("[" + MethodParser.ShortName(type) + "]", AttributeArguments.Whole(attribute)));
        }
        return found.ToEquatableArray();
    }

    private static bool CreatesAMethod(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers("Create"))
            {
                if (member is IMethodSymbol { Parameters.Length: 0, IsStatic: false } create && Returns(create.ReturnType)) return true;
            }
        }
        return false;
    }

    private static bool Returns(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.ToDisplayString() == TrainingMethod) return true;
        }
        return false;
    }
}
