using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MultiLoss.Analyzers.Loops;

/// <summary>The operations of one body, without those of the lambdas and local functions inside it (bodies of their own).</summary>
internal static class BodyWalker
{
    public static IEnumerable<IOperation> Operations(IOperation root)
    {
        var pending = new Stack<IOperation>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            yield return operation;
            if (operation is IAnonymousFunctionOperation or ILocalFunctionOperation && operation != root) continue;
            // Pushed in reverse so that operations come out in source order.
            foreach (var child in operation.ChildOperations.Reverse()) pending.Push(child);
        }
    }

    /// <summary>Whether <paramref name="operation"/> lies inside <paramref name="ancestor"/> without a lambda or local function between.</summary>
    public static bool IsInBodyOf(IOperation operation, IOperation ancestor)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current == ancestor) return true;
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation) return false;
        }
        return false;
    }
}
