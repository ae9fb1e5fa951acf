using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MultiLoss.Analyzers.Conversion;

namespace MultiLoss.CodeFixes.Conversion;

/// <summary>Names for what the conversion adds, free where they go.</summary>
internal static class Names
{
    /// <summary>
    /// After the method that holds the loop, less a leading "Train" (<c>TrainDigits</c> → <c>DigitsTrainer</c>,
    /// <c>Fit</c> → <c>FitTrainer</c>), else <c>LoopTrainer</c>; never a name in scope or one the losses use.
    /// </summary>
    public static string TrainerClass(SemanticModel model, StatementSyntax loop, LoopPlan plan, CancellationToken cancellationToken)
    {
        var method = model.GetEnclosingSymbol(loop.SpanStart, cancellationToken);
        while (method is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction }) method = method.ContainingSymbol;
        var stem = method is IMethodSymbol { MethodKind: MethodKind.Ordinary, CanBeReferencedByName: true } named ? named.Name : "";
        if (stem.StartsWith("Train", System.StringComparison.Ordinal)) stem = stem.Substring("Train".Length);
        if (stem.Length == 0 || stem == "Main") stem = "Loop";
        var name = char.ToUpperInvariant(stem[0]) + stem.Substring(1) + "Trainer";

        var taken = plan.Losses.Select(l => l.Name).Concat(plan.Losses.SelectMany(l => LossNames.Identifiers(l.Expression))).ToImmutableHashSet();
        var candidate = name;
        for (var i = 2; taken.Contains(candidate) || !model.LookupSymbols(loop.SpanStart, name: candidate).IsEmpty; i++) candidate = name + i;
        return candidate;
    }

    /// <summary><c>trainer</c>, or <c>trainer2</c>... when the member around the loop uses that name anywhere.</summary>
    public static string TrainerLocal(SemanticModel model, StatementSyntax loop)
    {
        SyntaxNode scope = loop.Ancestors().FirstOrDefault(a => a is MemberDeclarationSyntax or CompilationUnitSyntax) ?? loop;
        var used = scope.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText).ToImmutableHashSet();
        var candidate = "trainer";
        for (var i = 2; used.Contains(candidate) || !model.LookupSymbols(loop.SpanStart, name: candidate).IsEmpty; i++) candidate = "trainer" + i;
        return candidate;
    }
}
