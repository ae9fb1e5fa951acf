using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MultiLoss.Analyzers;
using MultiLoss.Analyzers.Conversion;
using MultiLoss.Analyzers.Torch;
using MultiLoss.CodeFixes.Conversion;

namespace MultiLoss.CodeFixes;

/// <summary>
/// MLA0005: turns a hand-written training loop into a <c>[MultiLossTrainer]</c> class and a call to its step
/// (<see cref="LoopConversion"/>). One loop at a time: each conversion adds a class and names it after what is free,
/// so there is no Fix All.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ConvertToTrainerCodeFixProvider))]
[Shared]
public sealed class ConvertToTrainerCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKey = "MultiLoss.ConvertToTrainer";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(LoopDescriptors.ConvertibleToTrainer.Id);

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null || TorchSymbols.Resolve(model.Compilation) is not { } torch) return;

        foreach (var diagnostic in context.Diagnostics)
        {
            var loop = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<StatementSyntax>();
            if (loop is null || model.GetOperation(loop, context.CancellationToken) is not ILoopOperation operation) continue;
            if (!ConversionSite.Supports(operation) || LoopRecognizer.Recognize(operation, torch) is not { } plan) continue;

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Convert to a [MultiLossTrainer] ({plan.StrategyDescription})",
                    cancellationToken => LoopConversion.ApplyAsync(document, plan, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }
}
