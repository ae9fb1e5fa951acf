using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MultiLoss.CodeFixes;

/// <summary>
/// Fixes ML0001 (trainer class not partial) and ML0015 (containing type not partial): adds <c>partial</c> to the
/// trainer and to every type around it that lacks it. From ML0015, reported on a containing type, the trainers are the
/// <c>[MultiLossTrainer]</c> types declared inside it. <c>partial</c> goes last among the modifiers, right before
/// <c>class</c>/<c>struct</c>/<c>record</c>/<c>interface</c> as C# requires; all other trivia stays as written.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeTrainerPartialCodeFixProvider))]
[Shared]
public sealed class MakeTrainerPartialCodeFixProvider : CodeFixProvider
{
    /// <summary>The equivalence key of every action of this provider, so that Fix All gathers them all.</summary>
    public const string EquivalenceKey = "MultiLoss.MakeTrainerPartial";

    private const string TrainerAttributeName = "MultiLoss.MultiLossTrainerAttribute";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.TrainerNotPartial, DiagnosticIds.ContainingTypeNotPartial);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;

        foreach (var diagnostic in context.Diagnostics)
        {
            if (FindDeclaration(root, diagnostic) is not { } declaration) continue;

            var trainers = diagnostic.Id == DiagnosticIds.TrainerNotPartial
                ? ImmutableArray.Create(declaration)
                : await NestedTrainersAsync(document, declaration, context.CancellationToken).ConfigureAwait(false);
            var targets = TypesToMakePartial(trainers.IsEmpty ? ImmutableArray.Create(declaration) : trainers);
            if (targets.Count == 0) continue;

            context.RegisterCodeFix(
                CodeAction.Create(
                    Title(targets),
                    _ => Task.FromResult(document.WithSyntaxRoot(MakePartial(root, targets))),
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>
    /// The type declaration whose name the diagnostic points at. Only the span is used: a generator's diagnostic has a
    /// file location (path and span) rather than a location in a syntax tree, and the document is the one it was reported for.
    /// </summary>
    private static TypeDeclarationSyntax? FindDeclaration(SyntaxNode root, Diagnostic diagnostic)
    {
        var span = diagnostic.Location.SourceSpan;
        var declaration = root.FindToken(span.Start).Parent?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        return declaration is not null && declaration.Identifier.Span.Contains(span) ? declaration : null;
    }

    /// <summary>The <c>[MultiLossTrainer]</c> types declared inside <paramref name="container"/>.</summary>
    private static async Task<ImmutableArray<TypeDeclarationSyntax>> NestedTrainersAsync(
        Document document, TypeDeclarationSyntax container, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null) return ImmutableArray<TypeDeclarationSyntax>.Empty;

        var trainers = ImmutableArray.CreateBuilder<TypeDeclarationSyntax>();
        foreach (var nested in container.DescendantNodes().OfType<TypeDeclarationSyntax>())
        {
            if (nested.AttributeLists.Count == 0) continue;
            if (model.GetDeclaredSymbol(nested, cancellationToken) is not { } symbol) continue;
            if (symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == TrainerAttributeName)) trainers.Add(nested);
        }
        return trainers.ToImmutable();
    }

    /// <summary>The trainers and the types that contain them, outermost first, that are not partial yet.</summary>
    private static List<TypeDeclarationSyntax> TypesToMakePartial(ImmutableArray<TypeDeclarationSyntax> trainers)
    {
        var targets = new List<TypeDeclarationSyntax>();
        foreach (var trainer in trainers)
        {
            foreach (var type in trainer.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().Reverse())
            {
                if (!IsPartial(type) && !targets.Contains(type)) targets.Add(type);
            }
        }
        return targets;
    }

    private static bool IsPartial(TypeDeclarationSyntax type) => PartialModifier.IsPartial(type);

    private static SyntaxNode MakePartial(SyntaxNode root, IReadOnlyCollection<TypeDeclarationSyntax> targets)
        => root.ReplaceNodes(targets, static (_, rewritten) => PartialModifier.Add(rewritten));

    /// <summary>"Make 'Outer' and 'Trainer' partial": every type the fix changes, outermost first.</summary>
    private static string Title(IReadOnlyList<TypeDeclarationSyntax> targets)
    {
        var title = new StringBuilder("Make ");
        for (var i = 0; i < targets.Count; i++)
        {
            if (i > 0) title.Append(i == targets.Count - 1 ? " and " : ", ");
            title.Append('\'').Append(targets[i].Identifier.ValueText).Append('\'');
        }
        return title.Append(" partial").ToString();
    }
}
