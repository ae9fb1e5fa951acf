using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MultiLoss.Analyzers.Graph;

/// <summary>A backward that ran without retain_graph, and the graph it freed.</summary>
internal sealed record FreedGraph(IInvocationOperation Backward, GraphValue Graph);

/// <summary>
/// The analysis state at one point of a method body: the graph of each local, the graphs freed so far, and whether
/// the point is reachable at all (after return, throw, break or continue it is not).
/// </summary>
internal sealed class GraphState
{
    private readonly Dictionary<ISymbol, GraphValue> values;
    private readonly List<FreedGraph> freed;

    public GraphState()
        : this(new Dictionary<ISymbol, GraphValue>(SymbolEqualityComparer.Default), new List<FreedGraph>(), reachable: true)
    {
    }

    private GraphState(Dictionary<ISymbol, GraphValue> values, List<FreedGraph> freed, bool reachable)
    {
        this.values = values;
        this.freed = freed;
        Reachable = reachable;
    }

    public bool Reachable { get; private set; }

    public IReadOnlyList<FreedGraph> Freed => freed;

    public GraphValue Get(ISymbol symbol) => values.TryGetValue(symbol, out var value) ? value : GraphValue.None;

    public void Set(ISymbol symbol, GraphValue value) => values[symbol] = value;

    public void Free(FreedGraph graph) => freed.Add(graph);

    public void MarkUnreachable() => Reachable = false;

    public GraphState Clone()
        => new(new Dictionary<ISymbol, GraphValue>(values, SymbolEqualityComparer.Default), new List<FreedGraph>(freed), Reachable);

    /// <summary>The state after paths that join: each local may hold what it holds on any of the reachable paths.</summary>
    public static GraphState Merge(IEnumerable<GraphState> states)
    {
        GraphState? merged = null;
        GraphState? anyState = null;
        foreach (var state in states)
        {
            anyState ??= state;
            if (!state.Reachable) continue;
            if (merged is null)
            {
                merged = state.Clone();
                continue;
            }
            foreach (var pair in state.values)
            {
                merged.values[pair.Key] = merged.Get(pair.Key).Union(pair.Value);
            }
            foreach (var graph in state.freed)
            {
                if (!merged.freed.Contains(graph)) merged.freed.Add(graph);
            }
        }
        if (merged is not null) return merged;
        var unreachable = (anyState ?? new GraphState()).Clone();
        unreachable.MarkUnreachable();
        return unreachable;
    }
}
