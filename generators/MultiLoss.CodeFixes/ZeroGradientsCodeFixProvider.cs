using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MultiLoss.Analyzers;

namespace MultiLoss.CodeFixes;

/// <summary>
/// MLA0002, a training loop that never zeroes the gradients: adds <c>optimizer.zero_grad();</c> as the first statement
/// of the loop's body (the optimizer whose <c>step()</c> the diagnostic points at), before any backward of the
/// iteration. Offered for a loop whose body is a block. Fix All applies it to a document, project or solution.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ZeroGradientsCodeFixProvider))]
[Shared]
public sealed class ZeroGradientsCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKey = "MultiLoss.ZeroGradients";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(LoopDescriptors.GradientsNeverZeroed.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.AdditionalLocations.Count == 0) continue;
            var loop = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<StatementSyntax>();
            var step = root.FindToken(diagnostic.AdditionalLocations[0].SourceSpan.Start).Parent?.FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (LoopBody(loop) is not { } body || step?.Expression is not MemberAccessExpressionSyntax { Expression: { } optimizer }) continue;

            var zero = SyntaxFactory.ParseStatement($"{optimizer.WithoutTrivia()}.zero_grad();");
            var first = body.Statements.FirstOrDefault();
            zero = first is null ? zero : zero.WithLeadingTrivia(first.GetLeadingTrivia()).WithTrailingTrivia(EndOfLine(first));
            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Call '{optimizer.WithoutTrivia()}.zero_grad()' at the start of each iteration",
                    _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(body, body.WithStatements(body.Statements.Insert(0, zero))))),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static BlockSyntax? LoopBody(StatementSyntax? loop) => loop switch
    {
        ForStatementSyntax { Statement: BlockSyntax block } => block,
        CommonForEachStatementSyntax { Statement: BlockSyntax block } => block,
        WhileStatementSyntax { Statement: BlockSyntax block } => block,
        DoStatementSyntax { Statement: BlockSyntax block } => block,
        _ => null,
    };

    private static SyntaxTrivia EndOfLine(StatementSyntax statement)
    {
        var endOfLine = statement.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.LineFeed;
    }
}
