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
/// Fixes ML0048 (a <c>[Loss]</c>, <c>[Model]</c> or <c>[Optimizer]</c> member in a class without <c>[MultiLossTrainer]</c>):
/// adds <c>[MultiLossTrainer]</c> to the class, on a line of its own before its other attributes, and makes the class and
/// the types around it partial. Offered for a non-static class only: a struct, record, interface or static class cannot
/// be a trainer (ML0016). The attribute is written <c>MultiLossTrainer</c> where that name binds, else in full.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddTrainerAttributeCodeFixProvider))]
[Shared]
public sealed class AddTrainerAttributeCodeFixProvider : CodeFixProvider
{
    /// <summary>The equivalence key of every action of this provider, so that Fix All gathers them all.</summary>
    public const string EquivalenceKey = "MultiLoss.AddTrainerAttribute";

    private const string TrainerAttributeName = "MultiLoss.MultiLossTrainerAttribute";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.AttributeOutsideTrainer);

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
            if (FindClass(root, diagnostic) is not { } type) continue;
            var attributeName = AttributeName(model, type, context.CancellationToken);
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Add [MultiLossTrainer] to '{type.Identifier.ValueText}'",
                    _ => Task.FromResult(document.WithSyntaxRoot(AddAttribute(root, type, attributeName))),
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>The class declaring the member whose attribute the diagnostic points at, if it can be a trainer.</summary>
    private static ClassDeclarationSyntax? FindClass(SyntaxNode root, Diagnostic diagnostic)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node.FirstAncestorOrSelf<AttributeSyntax>() is null) return null;
        var type = node.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        return type is ClassDeclarationSyntax @class && !@class.Modifiers.Any(SyntaxKind.StaticKeyword) ? @class : null;
    }

    /// <summary><c>MultiLossTrainer</c> when it names the attribute where the class is declared (a <c>using MultiLoss;</c>), else the full name.</summary>
    private static string AttributeName(SemanticModel model, TypeDeclarationSyntax type, CancellationToken cancellationToken)
    {
        var bound = model.GetSpeculativeSymbolInfo(type.SpanStart, SyntaxFactory.ParseName("MultiLossTrainerAttribute"), SpeculativeBindingOption.BindAsTypeOrNamespace);
        return bound.Symbol?.ToDisplayString() == TrainerAttributeName ? "MultiLossTrainer" : "global::MultiLoss.MultiLossTrainer";
    }

    private static SyntaxNode AddAttribute(SyntaxNode root, ClassDeclarationSyntax type, string attributeName)
    {
        var targets = PartialTypes.NotYetPartial([type]);
        if (!targets.Contains(type)) targets.Add(type);
        return root.ReplaceNodes(targets, (original, rewritten) =>
        {
            var partial = PartialTypes.AddPartial(rewritten);
            return original == type ? WithTrainerAttribute(partial, attributeName) : partial;
        });
    }

    /// <summary>
    /// The attribute list goes first, with the declaration's leading trivia (doc comment, indentation); the declaration
    /// continues on the next line with the same indentation.
    /// </summary>
    private static TypeDeclarationSyntax WithTrainerAttribute(TypeDeclarationSyntax type, string attributeName)
    {
        var leading = type.GetLeadingTrivia();
        var afterLastLineBreak = 0;
        for (var i = 0; i < leading.Count; i++)
        {
            if (leading[i].IsKind(SyntaxKind.EndOfLineTrivia) || leading[i].HasStructure) afterLastLineBreak = i + 1;
        }
        var indentation = SyntaxFactory.TriviaList(leading.Skip(afterLastLineBreak).Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)));
        var lineBreak = type.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var attribute = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.ParseName(attributeName))))
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(lineBreak.IsKind(SyntaxKind.EndOfLineTrivia) ? lineBreak : SyntaxFactory.LineFeed);
        var rest = type.WithLeadingTrivia(indentation);
        return rest.WithAttributeLists(rest.AttributeLists.Insert(0, attribute));
    }
}
