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
/// <remarks>
/// A method's own backward passes run inside the runtime, so they are read from the generated calls into it: an
/// aggregation's <c>Backward(losses, total)</c> is one backward per loss, then the total's into the other parameters
/// when it is given one; its <c>BackwardAt(representation, losses, total)</c> one backward per loss to the representation,
/// then one backward of the total and the representation together; a weighting method's <c>BeforeBackward(losses)</c> is one backward per loss when the method
/// (created from the attribute the generated field names) overrides it.
/// </remarks>
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
    /// The backward calls of the generated step's body (<c>__Step</c>, which <c>Step</c> and <c>Evaluate</c> call), in order:
    /// <c>x.backward(...)</c>, and <c>x.Backward(...)</c> of the runtime's weighting (one backward per loss). A step with
    /// phases has a block per phase: when every block makes the same calls they are given once, otherwise block after block.
    /// </summary>
    public static IReadOnlyList<BackwardCall> InGeneratedStep(IEnumerable<SyntaxTree> generated)
    {
        var trees = generated.ToList();
        var step = trees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            .Single(m => m.Body is not null && m.Identifier.Text == "__Step");
        var weightingBackward = WeightingMethodBackpropagates(trees);
        var phases = step.Body!.DescendantNodes().OfType<SwitchSectionSyntax>().Select(s => Calls(s, weightingBackward)).Where(c => c.Count > 0).ToList();
        if (phases.Count == 0) return Calls(step.Body, weightingBackward);
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

    private static List<BackwardCall> Calls(SyntaxNode node, bool weightingBackward)
    {
        var calls = new List<BackwardCall>();
        foreach (var invocation in node.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (invocation.Expression is not MemberAccessExpressionSyntax member) continue;
            var arguments = invocation.ArgumentList.Arguments;
            switch (member.Name.Identifier.Text)
            {
                case "backward":
                    calls.Add(new BackwardCall(
                        PerLoss: false,
                        RetainGraph: arguments.Any(a => a.NameColon?.Name.Identifier.Text == "retain_graph" && a.Expression.ToString() == "true"),
                        Inputs: arguments.Any(a => a.NameColon?.Name.Identifier.Text == "inputs")));
                    break;
                case "Backward":
                    calls.Add(new BackwardCall(PerLoss: true, RetainGraph: false, Inputs: true));
                    if (arguments.Count == 2 && arguments[1].Expression.ToString() != "null") calls.Add(new BackwardCall(PerLoss: false, RetainGraph: false, Inputs: true));
                    break;
                case "BackwardAt":
                    // One backward per loss to the representation, then one from the total and the representation together.
                    calls.Add(new BackwardCall(PerLoss: true, RetainGraph: false, Inputs: true));
                    calls.Add(new BackwardCall(PerLoss: false, RetainGraph: false, Inputs: false));
                    break;
                case "BeforeBackward" when weightingBackward:
                    calls.Add(new BackwardCall(PerLoss: true, RetainGraph: false, Inputs: true));
                    break;
            }
        }
        return calls;
    }

    /// <summary>Whether the weighting method the generated trainer creates overrides <c>BeforeBackward</c>.</summary>
    private static bool WeightingMethodBackpropagates(IEnumerable<SyntaxTree> generated)
    {
        var creation = generated.SelectMany(t => t.GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>())
            .FirstOrDefault(v => v.Identifier.Text == "__weighting")?.Initializer?.Value.ToString();
        if (creation is null) return false;
        var typeName = System.Text.RegularExpressions.Regex.Match(creation, @"new global::([\w.]+)").Groups[1].Value;
        var attributeType = typeof(MultiLoss.LossWeightingMethodAttribute).Assembly.GetType(typeName, throwOnError: true)!;
        var attribute = (MultiLoss.LossWeightingMethodAttribute)System.Activator.CreateInstance(attributeType)!;
        using var method = attribute.Create();
        // A method that overrides OnBeforeBackward backpropagates there (GradNorm's gradient loss).
        var hook = method.GetType().GetMethod("OnBeforeBackward", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!;
        return hook.DeclaringType != typeof(MultiLoss.Methods.LossWeightingMethod);
    }

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
