using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MultiLoss.Docs.Tests;

/// <summary>
/// One backward call of a step, as far as the strategy table describes it: whether it keeps the graph
/// (<c>retain_graph: true</c>), whether it is restricted to some parameters (<c>inputs:</c>), and whether it stands for
/// one backward per loss (the runtime's per-loss gradients of GradNorm and PCGrad, written <c>for each i: ...</c> in the
/// table; those always restrict to the shared parameters, and keep the graph for all but maybe the last loss, so only
/// <c>inputs:</c> is compared for them).
/// </summary>
internal sealed record BackwardCall(bool PerLoss, bool RetainGraph, bool Inputs)
{
    public const string PerLossPrefix = "for each i:";

    public override string ToString()
    {
        var arguments = PerLoss ? [] : new List<string>();
        if (RetainGraph && !PerLoss) arguments.Add("retain_graph: true");
        if (Inputs) arguments.Add("inputs: …");
        return (PerLoss ? PerLossPrefix + " " : "") + $"backward({string.Join(", ", arguments)})";
    }

    /// <summary>
    /// The backward calls of the generated step, in order: <c>x.backward(...)</c>, and <c>x.Backward(...)</c> of the
    /// runtime's weighting (one backward per loss). A step with phases has a block per phase: when every block makes
    /// the same calls they are given once, otherwise block after block.
    /// </summary>
    public static IReadOnlyList<BackwardCall> InGeneratedStep(IEnumerable<SyntaxTree> generated)
    {
        var step = generated.SelectMany(t => t.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            .Single(m => m.Body is not null && m.ReturnType.ToString().EndsWith("StepResult"));
        var phases = step.Body!.DescendantNodes().OfType<SwitchSectionSyntax>().Select(Calls).Where(c => c.Count > 0).ToList();
        if (phases.Count == 0) return Calls(step.Body);
        return phases.All(p => p.SequenceEqual(phases[0])) ? phases[0] : phases.SelectMany(p => p).ToList();
    }

    /// <summary>The backward calls in a table cell's code spans, in order.</summary>
    public static IReadOnlyList<BackwardCall> InTableCell(IEnumerable<string> codeSpans)
    {
        var calls = new List<BackwardCall>();
        foreach (var span in codeSpans)
        {
            var perLoss = span.StartsWith(PerLossPrefix, System.StringComparison.Ordinal);
            for (var at = span.IndexOf(".backward(", System.StringComparison.Ordinal); at >= 0; at = span.IndexOf(".backward(", at + 1, System.StringComparison.Ordinal))
            {
                var arguments = span[(at + ".backward(".Length)..];
                arguments = arguments[..ClosingParenthesis(arguments)];
                calls.Add(new BackwardCall(perLoss, !perLoss && arguments.Contains("retain_graph: true"), arguments.Contains("inputs:")));
            }
        }
        return calls;
    }

    private static List<BackwardCall> Calls(SyntaxNode node) =>
        node.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.Text: "backward" or "Backward" })
            .Select(i => ((MemberAccessExpressionSyntax)i.Expression).Name.Identifier.Text == "Backward"
                ? new BackwardCall(PerLoss: true, RetainGraph: false, Inputs: true)
                : new BackwardCall(
                    PerLoss: false,
                    RetainGraph: i.ArgumentList.Arguments.Any(a => a.NameColon?.Name.Identifier.Text == "retain_graph" && a.Expression.ToString() == "true"),
                    Inputs: i.ArgumentList.Arguments.Any(a => a.NameColon?.Name.Identifier.Text == "inputs")))
            .ToList();

    private static int ClosingParenthesis(string text)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')' && depth-- == 0) return i;
        }
        return text.Length;
    }
}
