using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MultiLoss.Analyzers;
using MultiLoss.Analyzers.Torch;

namespace MultiLoss.CodeFixes;

/// <summary>
/// MLA0001, a backward that frees a graph a later backward needs. Two fixes: keep the graph (<c>retain_graph: true</c>
/// on the reported call), or, when the backwards are consecutive statements with nothing between them, one backward of
/// their sum (<see cref="BackwardMerge"/>): gradients accumulate, so the sum's gradients are those of the separate
/// backwards, and the graph is walked once. Fix All applies either to a document, project or solution.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RetainGraphCodeFixProvider))]
[Shared]
public sealed class RetainGraphCodeFixProvider : CodeFixProvider
{
    public const string RetainGraphKey = "MultiLoss.RetainGraph";
    public const string MergeKey = "MultiLoss.MergeBackwards";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(LoopDescriptors.BackwardFreesSharedGraph.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null || TorchSymbols.Resolve(model.Compilation) is not { } torch) return;

        foreach (var diagnostic in context.Diagnostics)
        {
            var call = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (call is null || model.GetOperation(call, context.CancellationToken) is not IInvocationOperation backward) continue;

            context.RegisterCodeFix(
                CodeAction.Create("Keep the graph: retain_graph: true", _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(call, RetainGraph(call, backward)))), RetainGraphKey),
                diagnostic);

            if (BackwardMerge.Run(call, model, torch, context.CancellationToken) is { Count: > 1 } run)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Backpropagate the sum once", _ => Task.FromResult(document.WithSyntaxRoot(BackwardMerge.Merge(root, run))), MergeKey),
                    diagnostic);
            }
        }
    }

    /// <summary>The call with retain_graph set to true: the argument that sets it changed, or a named one added.</summary>
    private static InvocationExpressionSyntax RetainGraph(InvocationExpressionSyntax call, IInvocationOperation backward)
    {
        var given = backward.Arguments.FirstOrDefault(a => a.ArgumentKind != ArgumentKind.DefaultValue && a.Parameter?.Name == "retain_graph");
        var literal = SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression);
        if (given?.Syntax is ArgumentSyntax argument)
        {
            return call.ReplaceNode(argument.Expression, literal.WithTriviaFrom(argument.Expression));
        }
        var added = SyntaxFactory.Argument(SyntaxFactory.NameColon("retain_graph"), default, literal);
        return call.WithArgumentList(call.ArgumentList.AddArguments(added));
    }
}
