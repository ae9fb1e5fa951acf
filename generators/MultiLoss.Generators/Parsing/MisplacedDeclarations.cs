using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Declarations;

namespace MultiLoss.Generators.Parsing;

/// <summary>
/// Finds declarations the generator would otherwise ignore in silence: a step declared with the wrong return type,
/// <c>[GateOn]</c> or <c>[Phase]</c> on a method that is not a loss (a metric among them), a phase's end or backward set on a loss.
/// </summary>
internal static class MisplacedDeclarations
{
    public static EquatableArray<MisplacedDeclaration> Find(INamedTypeSymbol trainer, TorchTypes torch)
    {
        var found = ImmutableArray.CreateBuilder<MisplacedDeclaration>();
        foreach (var member in trainer.GetMembers())
        {
            if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method) continue;
            if (IsMisdeclaredStep(method, torch))
            {
                found.Add(new MisplacedDeclaration(MisplacedKind.StepReturnType, method.Name,
                    method.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), Location(method)));
            }

            var isLoss = method.GetAttributes().Any(a => TrainerParser.Is(a, KnownNames.LossAttribute));
            var isMetric = method.GetAttributes().Any(a => TrainerParser.Is(a, KnownNames.MetricAttribute));
            foreach (var attribute in method.GetAttributes())
            {
                if (TrainerParser.Is(attribute, KnownNames.GateOnAttribute) && !isLoss)
                {
                    found.Add(Ignored(method, attribute, isMetric ? "[GateOn] on a metric, which is computed in every step" : "[GateOn] on a method without [Loss]"));
                }
                else if (TrainerParser.Is(attribute, KnownNames.PhaseAttribute) && !isLoss)
                {
                    found.Add(Ignored(method, attribute, isMetric ? "[Phase] on a metric, which is computed in every phase" : "[Phase] on a method without [Loss]"));
                }
                else if (TrainerParser.Is(attribute, KnownNames.PhaseAttribute) && attribute.NamedArguments.Length > 0)
                {
                    found.Add(Ignored(method, attribute, "Backward, Steps and Until on a loss's [Phase] (they belong on the trainer's [Phase])"));
                }
            }
        }
        return found.ToEquatableArray();
    }

    /// <summary>
    /// A partial method without implementation that C# demands an implementation of (an accessibility, or <c>virtual</c>,
    /// <c>override</c>, <c>sealed</c>, <c>new</c> or <c>extern</c>), whose parameters are all tensors: the shape of a
    /// declared step, but not returning <c>StepResult</c>.
    /// </summary>
    public static bool IsMisdeclaredStep(IMethodSymbol method, TorchTypes torch)
    {
        if (!method.IsPartialDefinition || method.PartialImplementationPart is not null) return false;
        if (method.ReturnType.Name == KnownNames.StepResult || method.Parameters.Length == 0) return false;
        if (method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not MethodDeclarationSyntax syntax) return false;
        return AccessModifiers.RequireImplementation(syntax.Modifiers) && method.Parameters.All(p => torch.IsTensor(p.Type));
    }

    private static MisplacedDeclaration Ignored(IMethodSymbol method, AttributeData attribute, string detail)
        => new(MisplacedKind.AttributeWithoutEffect, method.Name, detail, AttributeArguments.Whole(attribute) ?? Location(method));

    private static LocationInfo? Location(ISymbol symbol) => LocationInfo.From(symbol.Locations.FirstOrDefault());
}
