using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MultiLoss.Analyzers.Torch;

namespace MultiLoss.CodeFixes;

/// <summary>
/// Merges consecutive backward statements into one backward of the sum of what they backpropagate:
/// <c>(0.7 * l1).backward(retain_graph: true); (0.3 * l2).backward();</c> becomes
/// <c>(0.7 * l1 + 0.3 * l2).backward();</c>, with the last statement's arguments.
/// </summary>
internal static class BackwardMerge
{
    /// <summary>
    /// The statements around the one holding <paramref name="call"/> that are each a plain backward (no argument but
    /// retain_graph), consecutive in one block; a run of one when nothing can be merged.
    /// </summary>
    public static IReadOnlyList<ExpressionStatementSyntax> Run(InvocationExpressionSyntax call, SemanticModel model, TorchSymbols torch, CancellationToken cancellationToken)
    {
        if (call.Parent is not ExpressionStatementSyntax statement || statement.Parent is not BlockSyntax block) return [];
        bool IsPlainBackward(StatementSyntax candidate)
            => candidate is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax } invocation }
               && model.GetOperation(invocation, cancellationToken) is IInvocationOperation backward
               && torch.IsBackward(backward.TargetMethod) && backward.Instance is not null
               && backward.Arguments.All(a => a.ArgumentKind == ArgumentKind.DefaultValue || a.Parameter?.Name == "retain_graph");

        var index = block.Statements.IndexOf(statement);
        if (!IsPlainBackward(statement)) return [];
        var first = index;
        while (first > 0 && IsPlainBackward(block.Statements[first - 1])) first--;
        var last = index;
        while (last + 1 < block.Statements.Count && IsPlainBackward(block.Statements[last + 1])) last++;
        return block.Statements.Skip(first).Take(last - first + 1).Cast<ExpressionStatementSyntax>().ToArray();
    }

    public static SyntaxNode Merge(SyntaxNode root, IReadOnlyList<ExpressionStatementSyntax> run)
    {
        var calls = run.Select(s => (InvocationExpressionSyntax)s.Expression).ToArray();
        ExpressionSyntax sum = Operand(Receiver(calls[0]), right: false);
        foreach (var call in calls.Skip(1))
        {
            sum = SyntaxFactory.BinaryExpression(SyntaxKind.AddExpression, sum, Operand(Receiver(call), right: true));
        }
        var last = calls[calls.Length - 1];
        var merged = run[0]
            .WithExpression(last.WithExpression(((MemberAccessExpressionSyntax)last.Expression).WithExpression(SyntaxFactory.ParenthesizedExpression(sum))))
            .WithTrailingTrivia(run[run.Count - 1].GetTrailingTrivia());
        var block = (BlockSyntax)run[0].Parent!;
        var start = block.Statements.IndexOf(run[0]);
        var statements = block.Statements.Take(start).Append(merged).Concat(block.Statements.Skip(start + run.Count));
        return root.ReplaceNode(block, block.WithStatements(SyntaxFactory.List(statements)));
    }

    private static ExpressionSyntax Receiver(InvocationExpressionSyntax call)
    {
        var receiver = ((MemberAccessExpressionSyntax)call.Expression).Expression;
        while (receiver is ParenthesizedExpressionSyntax parenthesized) receiver = parenthesized.Expression;
        return receiver.WithoutTrivia();
    }

    /// <summary>
    /// The receiver as an operand of <c>+</c>: bare when C# reads it as one (a product, a call, a name; a sum on the
    /// left), else in parentheses, so that the sum adds up what each backward did, in the same order.
    /// </summary>
    private static ExpressionSyntax Operand(ExpressionSyntax receiver, bool right)
    {
        var bare = receiver switch
        {
            BinaryExpressionSyntax binary => binary.Kind() switch
            {
                SyntaxKind.MultiplyExpression or SyntaxKind.DivideExpression or SyntaxKind.ModuloExpression => true,
                SyntaxKind.AddExpression or SyntaxKind.SubtractExpression => !right,
                _ => false,
            },
            PrefixUnaryExpressionSyntax or CastExpressionSyntax => true,
            IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
                or LiteralExpressionSyntax or ThisExpressionSyntax => true,
            _ => false,
        };
        return bare ? receiver : SyntaxFactory.ParenthesizedExpression(receiver);
    }
}
