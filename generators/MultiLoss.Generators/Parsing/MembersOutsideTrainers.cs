using System.Threading;
using Microsoft.CodeAnalysis;
using MultiLoss.Generators.Model.Declarations;

namespace MultiLoss.Generators.Parsing;

/// <summary>Reads a member found by its <c>[Loss]</c>, <c>[Metric]</c>, <c>[Model]</c> or <c>[Optimizer]</c> when its type is no trainer.</summary>
internal static class MembersOutsideTrainers
{
    /// <summary>The member, or null when its type has <c>[MultiLossTrainer]</c> (then the trainer's parser reads it).</summary>
    public static MemberOutsideTrainerDeclaration? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol.ContainingType is not { } type || context.Attributes.IsEmpty) return null;
        foreach (var attribute in type.GetAttributes())
        {
            if (TrainerParser.Is(attribute, KnownNames.TrainerAttribute)) return null;
        }
        cancellationToken.ThrowIfCancellationRequested();
        var found = context.Attributes[0];
        return new MemberOutsideTrainerDeclaration(
            context.TargetSymbol.Name,
            MemberAttributes.Display(found.AttributeClass?.ToDisplayString() ?? string.Empty),
            MemberAttributes.TypeName(type),
            AttributeArguments.Whole(found));
    }
}
