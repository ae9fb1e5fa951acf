using System;

namespace MultiLoss.Analyzers.Graph;

/// <summary>
/// What the analysis knows of a value: the autograd graphs it hangs from, as the ids of the graph roots it depends on
/// (a forward pass, an operation on a parameter), and whether it is a leaf that requires gradients (a parameter).
/// Two values share a graph exactly when they share a root: whatever they share, its roots are shared too.
/// </summary>
internal readonly struct GraphValue
{
    private readonly int[]? roots;

    private GraphValue(int[]? roots, bool requiresGrad)
    {
        this.roots = roots;
        RequiresGrad = requiresGrad;
    }

    /// <summary>Nothing known: a number, data, or a tensor the analysis does not follow.</summary>
    public static GraphValue None => default;

    /// <summary>A parameter, or anything holding parameters: operations on it start a graph.</summary>
    public static GraphValue GradLeaf => new(null, requiresGrad: true);

    public static GraphValue Root(int id) => new([id], requiresGrad: false);

    public bool RequiresGrad { get; }

    public bool HasGraph => roots is { Length: > 0 };

    /// <summary>The value of an operation on this value: its graph, which has no leaf of its own.</summary>
    public GraphValue Computed() => new(roots, requiresGrad: false);

    public GraphValue Union(GraphValue other)
    {
        var requiresGrad = RequiresGrad || other.RequiresGrad;
        if (other.roots is not { Length: > 0 }) return new(roots, requiresGrad);
        if (roots is not { Length: > 0 }) return new(other.roots, requiresGrad);

        var merged = new int[roots.Length + other.roots.Length];
        int i = 0, j = 0, n = 0;
        while (i < roots.Length || j < other.roots.Length)
        {
            int next;
            if (j == other.roots.Length || (i < roots.Length && roots[i] < other.roots[j])) next = roots[i++];
            else if (i == roots.Length || other.roots[j] < roots[i]) next = other.roots[j++];
            else { next = roots[i++]; j++; }
            merged[n++] = next;
        }
        Array.Resize(ref merged, n);
        return new(merged, requiresGrad);
    }

    public bool SharesGraphWith(GraphValue other)
    {
        if (roots is not { Length: > 0 } || other.roots is not { Length: > 0 }) return false;
        int i = 0, j = 0;
        while (i < roots.Length && j < other.roots.Length)
        {
            if (roots[i] == other.roots[j]) return true;
            if (roots[i] < other.roots[j]) i++;
            else j++;
        }
        return false;
    }
}
