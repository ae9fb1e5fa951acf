using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MultiLoss.CodeFixes;

/// <summary>
/// Fixes CS0618 on the older spelling of a method, <c>[MultiLossTrainer(Weighting = LossWeighting.GradNorm,
/// GradNormAlpha = 2)]</c>: the trainer attribute loses <c>Weighting</c>, <c>Aggregation</c>, <c>DwaTemperature</c> and
/// <c>GradNormAlpha</c>, and the method's own attribute follows it in the same list, with the hyperparameter it was given
/// (<c>[MultiLossTrainer, GradNorm(Alpha = 2)]</c>). <c>LossWeighting.Fixed</c> and <c>GradientAggregation.Sum</c> were
/// no method and are only removed.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LegacyMethodSpellingCodeFixProvider))]
[Shared]
public sealed class LegacyMethodSpellingCodeFixProvider : CodeFixProvider
{
    /// <summary>The equivalence key of every action of this provider, so that Fix All gathers them all.</summary>
    public const string EquivalenceKey = "MultiLoss.LegacyMethodSpelling";

    private const string ObsoleteMember = "CS0618";
    private const string TrainerAttributeName = "MultiLoss.MultiLossTrainerAttribute";
    private static readonly string[] LegacyNames = ["Weighting", "Aggregation", "DwaTemperature", "GradNormAlpha"];

    /// <summary>The method attribute each enum value of the older spelling stands for, and its hyperparameter's old and new names.</summary>
    private static readonly Dictionary<string, (string Attribute, string? Legacy, string? Property)> Methods = new()
    {
        ["LossWeighting.Uncertainty"] = ("UncertaintyWeighting", null, null),
        ["LossWeighting.DynamicWeightAverage"] = ("DynamicWeightAverage", "DwaTemperature", "Temperature"),
        ["LossWeighting.GradNorm"] = ("GradNorm", "GradNormAlpha", "Alpha"),
        ["GradientAggregation.PCGrad"] = ("PCGrad", null, null),
    };

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(ObsoleteMember);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;

        foreach (var diagnostic in context.Diagnostics)
        {
            if (TrainerAttribute(root, model, diagnostic, context.CancellationToken) is not { } attribute) continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Write the method as its own attribute",
                    _ => Task.FromResult(document.WithSyntaxRoot(Rewrite(root, model, attribute))),
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>The <c>[MultiLossTrainer(...)]</c> whose named argument of the older spelling the diagnostic points at.</summary>
    private static AttributeSyntax? TrainerAttribute(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node.FirstAncestorOrSelf<AttributeArgumentSyntax>() is not { NameEquals: { } name }) return null;
        if (!LegacyNames.Contains(name.Name.Identifier.ValueText)) return null;
        var attribute = node.FirstAncestorOrSelf<AttributeSyntax>();
        if (attribute is null || attribute.Parent is not AttributeListSyntax) return null;
        return model.GetTypeInfo(attribute, cancellationToken).Type?.ToDisplayString() == TrainerAttributeName
            || model.GetSymbolInfo(attribute, cancellationToken).Symbol?.ContainingType?.ToDisplayString() == TrainerAttributeName
            ? attribute : null;
    }

    private static SyntaxNode Rewrite(SyntaxNode root, SemanticModel model, AttributeSyntax attribute)
    {
        var arguments = attribute.ArgumentList?.Arguments ?? default;
        var named = arguments.Where(a => a.NameEquals is { } n && LegacyNames.Contains(n.Name.Identifier.ValueText))
            .ToDictionary(a => a.NameEquals!.Name.Identifier.ValueText, a => a.Expression);
        var kept = arguments.Where(a => !(a.NameEquals is { } n && LegacyNames.Contains(n.Name.Identifier.ValueText))).ToArray();
        var trainer = kept.Length == 0
            ? attribute.WithArgumentList(null)
            : attribute.WithArgumentList(attribute.ArgumentList!.WithArguments(SyntaxFactory.SeparatedList(kept)));

        var added = new List<AttributeSyntax>();
        foreach (var legacy in new[] { "Weighting", "Aggregation" })
        {
            if (!named.TryGetValue(legacy, out var value) || !Methods.TryGetValue(EnumMember(value), out var method)) continue;
            var name = AttributeName(model, attribute.SpanStart, method.Attribute);
            var methodAttribute = SyntaxFactory.Attribute(SyntaxFactory.ParseName(name));
            if (method.Legacy is { } old && named.TryGetValue(old, out var hyperparameter))
            {
                methodAttribute = methodAttribute.WithArgumentList(SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(
                    SyntaxFactory.AttributeArgument(SyntaxFactory.NameEquals(method.Property!), null, hyperparameter.WithoutTrivia()))));
            }
            added.Add(methodAttribute);
        }

        var list = (AttributeListSyntax)attribute.Parent!;
        var attributes = new List<AttributeSyntax>();
        foreach (var existing in list.Attributes)
        {
            if (existing != attribute)
            {
                attributes.Add(existing);
                continue;
            }
            attributes.Add(trainer.WithTriviaFrom(attribute));
            attributes.AddRange(added);
        }
        var separators = Enumerable.Repeat(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space), attributes.Count - 1);
        return root.ReplaceNode(list, list.WithAttributes(SyntaxFactory.SeparatedList(attributes, separators)));
    }

    /// <summary><c>LossWeighting.GradNorm</c> for any way of writing the enum member (qualified or not).</summary>
    private static string EnumMember(ExpressionSyntax value)
    {
        var text = value.WithoutTrivia().ToString();
        var parts = text.Split('.');
        return parts.Length >= 2 ? string.Join(".", parts[parts.Length - 2], parts[parts.Length - 1]) : text;
    }

    /// <summary>The short name where it binds to MultiLoss's attribute at <paramref name="position"/>, else in full.</summary>
    private static string AttributeName(SemanticModel model, int position, string shortName)
    {
        var full = "MultiLoss." + shortName + "Attribute";
        var bound = model.GetSpeculativeSymbolInfo(position, SyntaxFactory.ParseName(shortName + "Attribute"), SpeculativeBindingOption.BindAsTypeOrNamespace);
        return bound.Symbol?.ToDisplayString() == full ? shortName : "global::MultiLoss." + shortName;
    }
}
