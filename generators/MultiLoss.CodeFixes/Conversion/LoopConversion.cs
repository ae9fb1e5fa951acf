using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using MultiLoss.Analyzers.Conversion;

namespace MultiLoss.CodeFixes.Conversion;

/// <summary>
/// Rewrites a recognised loop (<see cref="LoopPlan"/>): the trainer class goes into the type that holds the loop (made
/// partial, with the types around it, as a nested trainer needs) or, in top-level statements, to the end of the file;
/// <c>using var trainer = new ...Trainer(model, optimizer);</c> goes right before the loop; in the loop, the statements
/// from the zero_grad to the optimizer step become <c>trainer.Step(...)</c>, the data statements among them staying.
/// </summary>
internal static class LoopConversion
{
    public static async Task<Document> ApplyAsync(Document document, LoopPlan plan, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var model = editor.SemanticModel;
        var loop = (StatementSyntax)plan.Loop.Syntax;
        var root = (CompilationUnitSyntax)editor.OriginalRoot;
        var container = loop.FirstAncestorOrSelf<TypeDeclarationSyntax>();

        var className = Names.TrainerClass(model, loop, plan, cancellationToken);
        var trainerName = Names.TrainerLocal(model, loop);

        editor.ReplaceNode(plan.Body.Syntax, NewBody(plan, trainerName));
        var creation = SyntaxFactory.ParseStatement(
                $"using var {trainerName} = new {className}({plan.Model.Syntax.WithoutTrivia()}, {plan.Optimizer.Syntax.WithoutTrivia()});")
            .WithTrailingTrivia(EndOfLine(root))
            .WithAdditionalAnnotations(Formatter.Annotation);
        if (loop.Parent is GlobalStatementSyntax global) editor.InsertBefore(global, SyntaxFactory.GlobalStatement(creation));
        else editor.InsertBefore(loop, creation);

        var trainer = SyntaxFactory.ParseMemberDeclaration(
                TrainerClassWriter.Write(plan, className, container is null ? "internal" : "private", TorchNames.At(model, loop.SpanStart)))!
            .WithAdditionalAnnotations(Formatter.Annotation)
            .WithLeadingTrivia(EndOfLine(root));
        if (container is null)
        {
            editor.InsertAfter(root.Members.Last(), trainer);
        }
        else
        {
            foreach (var type in container.AncestorsAndSelf().OfType<TypeDeclarationSyntax>())
            {
                editor.ReplaceNode(type, static (node, _) => PartialTypes.AddPartial((TypeDeclarationSyntax)node));
            }
            editor.AddMember(container, trainer);
        }
        if (model.LookupNamespacesAndTypes(loop.SpanStart, name: "MultiLossTrainerAttribute").IsEmpty)
        {
            editor.ReplaceNode(root, static (node, _) => AddUsing((CompilationUnitSyntax)node));
        }

        return await Formatter.FormatAsync(editor.GetChangedDocument(), Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The loop body with its training statements replaced by the data statements among them and the step call.</summary>
    private static BlockSyntax NewBody(LoopPlan plan, string trainerName)
    {
        var body = (BlockSyntax)plan.Body.Syntax;
        var first = body.Statements.IndexOf((StatementSyntax)plan.Body.Operations[plan.FirstTrainingStatement].Syntax);
        var last = body.Statements.IndexOf((StatementSyntax)plan.Body.Operations[plan.LastTrainingStatement].Syntax);
        var arguments = string.Join(", ", plan.Inputs.Select(i => i.Argument.Syntax.WithoutTrivia().ToString()));
        var step = SyntaxFactory.ParseStatement($"{trainerName}.Step({arguments});")
            .WithLeadingTrivia(body.Statements[last].GetLeadingTrivia())
            .WithTrailingTrivia(body.Statements[last].GetTrailingTrivia());

        var statements = new List<StatementSyntax>(body.Statements.Take(first));
        statements.AddRange(plan.KeptStatements.Select(s => (StatementSyntax)s.Syntax));
        statements.Add(step);
        statements.AddRange(body.Statements.Skip(last + 1));
        return body.WithStatements(SyntaxFactory.List(statements));
    }

    /// <summary>Adds <c>using MultiLoss;</c> after the other usings.</summary>
    private static CompilationUnitSyntax AddUsing(CompilationUnitSyntax root)
    {
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName("MultiLoss")).NormalizeWhitespace().WithTrailingTrivia(EndOfLine(root));
        return root.WithUsings(root.Usings.Add(directive));
    }

    /// <summary>A line end as the file writes them (the formatter would write the platform's into an added line).</summary>
    private static SyntaxTrivia EndOfLine(SyntaxNode root)
    {
        var endOfLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.LineFeed;
    }
}
