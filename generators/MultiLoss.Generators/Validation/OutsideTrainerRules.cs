using System.Collections.Immutable;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Declarations;
using static MultiLoss.Generators.Validation.DiagnosticDescriptors;

namespace MultiLoss.Generators.Validation;

/// <summary>A member attribute in a type without <c>[MultiLossTrainer]</c> does nothing: a warning at the attribute.</summary>
internal static class OutsideTrainerRules
{
    /// <summary>
    /// ML0048 for <paramref name="member"/>, or null when a trainer inherits it: that trainer overrides it, or its ML0047,
    /// at the member, already says what to do.
    /// </summary>
    public static DiagnosticInfo? Check(MemberOutsideTrainerDeclaration member, ImmutableArray<MemberKey> inheritedByTrainers)
    {
        if (inheritedByTrainers.Contains(new MemberKey(member.ContainingType, member.MemberName))) return null;
        return DiagnosticInfo.Create(AttributeOutsideTrainer, member.Location, member.MemberName, member.Attribute, member.ContainingType);
    }
}
