using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MultiLoss.Analyzers.Torch;

namespace MultiLoss.Analyzers.Conversion;

/// <summary>
/// The backwards of one step, as statements: one backward of a weighted sum (combined), or one backward per weighted
/// loss with <c>retain_graph: true</c> on all but the last (separate).
/// </summary>
internal sealed class BackwardPart
{
    private BackwardPart(ImmutableArray<WeightedTerm> terms, bool separate)
    {
        Terms = terms;
        Separate = separate;
    }

    public ImmutableArray<WeightedTerm> Terms { get; }

    public bool Separate { get; }

    public static BackwardPart? Parse(
        IReadOnlyList<IOperation> statements, IReadOnlyDictionary<ILocalSymbol, IOperation> iterationTensors, TorchSymbols torch)
    {
        if (statements.Count == 0) return null;
        var terms = new List<WeightedTerm>();
        for (var i = 0; i < statements.Count; i++)
        {
            if (statements[i] is not IExpressionStatementOperation { Operation: IInvocationOperation backward }
                || !torch.IsBackward(backward.TargetMethod) || backward.Instance is null)
            {
                return null;
            }
            if (!ArgumentsFit(backward, retainGraph: i < statements.Count - 1)) return null;
            var before = terms.Count;
            if (!WeightedTerms.TryParse(backward.Instance, iterationTensors, torch, terms)) return null;
            if (statements.Count > 1 && terms.Count != before + 1) return null;
        }
        for (var i = 0; i < terms.Count; i++)
        {
            for (var j = i + 1; j < terms.Count; j++)
            {
                if (WeightedTerms.SameLoss(terms[i], terms[j])) return null;
            }
        }
        return new BackwardPart(terms.ToImmutableArray(), separate: statements.Count > 1);
    }

    /// <summary>The statements of an if's branch: those of its block, or the one statement.</summary>
    public static IReadOnlyList<IOperation> Statements(IOperation? branch)
        => branch switch
        {
            null => [],
            IBlockOperation block => block.Operations,
            _ => [branch],
        };

    /// <summary>
    /// Nothing but retain_graph, which every backward of a separate part but the last must set to true (the last may
    /// set it as it likes: the graph is not needed after the step either way).
    /// </summary>
    private static bool ArgumentsFit(IInvocationOperation backward, bool retainGraph)
    {
        var retains = false;
        foreach (var argument in backward.Arguments.Where(a => a.ArgumentKind != ArgumentKind.DefaultValue))
        {
            if (argument.Parameter?.Name != "retain_graph" || argument.Value.ConstantValue is not { HasValue: true, Value: bool value }) return false;
            retains = value;
        }
        return !retainGraph || retains;
    }
}
