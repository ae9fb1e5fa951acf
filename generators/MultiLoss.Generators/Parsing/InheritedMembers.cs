using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Declarations;

namespace MultiLoss.Generators.Parsing;

/// <summary>
/// Finds members of the trainer's base classes marked <c>[Loss]</c>, <c>[Metric]</c>, <c>[Model]</c>, <c>[Optimizer]</c>, <c>[Forward]</c> or
/// <c>[SharedLayer]</c>: the generator reads only the trainer's own members, so these would be ignored in silence, unless
/// the trainer (or a class between) overrides them.
/// </summary>
internal static class InheritedMembers
{
    public static EquatableArray<InheritedMemberDeclaration> Find(INamedTypeSymbol trainer)
    {
        var found = ImmutableArray.CreateBuilder<InheritedMemberDeclaration>();
        var overridden = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        AddOverridden(trainer, overridden);
        for (var type = trainer.BaseType; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
        {
            foreach (var member in type.GetMembers())
            {
                if (member.IsImplicitlyDeclared || MemberAttributes.FirstOn(member) is not { } attribute) continue;
                found.Add(new InheritedMemberDeclaration(member.Name, attribute, MemberAttributes.TypeName(type.OriginalDefinition),
                    overridden.Contains(member.OriginalDefinition), LocationInfo.From(member.Locations.FirstOrDefault(l => l.IsInSource))));
            }
            AddOverridden(type, overridden);
        }
        return found.ToEquatableArray();
    }

    private static void AddOverridden(INamedTypeSymbol type, HashSet<ISymbol> overridden)
    {
        foreach (var member in type.GetMembers())
        {
            for (var current = Overridden(member); current is not null; current = Overridden(current))
            {
                overridden.Add(current.OriginalDefinition);
            }
        }
    }

    private static ISymbol? Overridden(ISymbol member) => member switch
    {
        IMethodSymbol method => method.OverriddenMethod,
        IPropertySymbol property => property.OverriddenProperty,
        _ => null,
    };
}
