using System;
using System.Collections.Generic;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace MultiLoss.Generators.Tests.Infrastructure;

/// <summary>
/// Walks an object graph through every instance field (private ones included), array element and boxed
/// struct, and reports where it reaches a Roslyn object that must not live in a cached pipeline model:
/// a symbol, syntax, a location, a semantic model or a compilation.
/// </summary>
internal sealed class ObjectGraph
{
    private static readonly Type[] Forbidden =
    [
        typeof(ISymbol),
        typeof(SyntaxNode),
        typeof(SyntaxTree),
        typeof(Location),
        typeof(SemanticModel),
        typeof(Compilation),
    ];

    private const int MaxObjects = 1_000_000;

    private readonly HashSet<object> visited = new(ReferenceEqualityComparer.Instance);
    private readonly List<string> findings = [];
    private readonly HashSet<Type> visitedTypes = [];

    /// <summary>Where a forbidden object was found, as a path of field names from the root.</summary>
    public IReadOnlyList<string> Findings => findings;

    /// <summary>Every type met on the way, so a test can check the walk went where it should.</summary>
    public IReadOnlySet<Type> VisitedTypes => visitedTypes;

    public static ObjectGraph Walk(object? root, string rootName)
    {
        var graph = new ObjectGraph();
        graph.Visit(root, rootName);
        return graph;
    }

    public void Visit(object? root, string rootName)
    {
        var pending = new Stack<(object Value, string Path)>();
        if (root is not null) pending.Push((root, rootName));

        while (pending.Count > 0)
        {
            var (value, path) = pending.Pop();
            var type = value.GetType();
            if (!type.IsValueType && !visited.Add(value)) continue;
            if (visited.Count > MaxObjects) throw new InvalidOperationException($"The graph under {rootName} has more than {MaxObjects} objects.");
            visitedTypes.Add(type);

            if (Array.Exists(Forbidden, f => f.IsAssignableFrom(type)))
            {
                findings.Add($"{path}: {type.FullName}");
                continue;
            }
            if (IsLeaf(type)) continue;

            if (value is Array array)
            {
                for (var i = 0; i < array.Length; i++)
                {
                    var element = array.GetValue(i);
                    if (element is not null) pending.Push((element, $"{path}[{i}]"));
                }
                continue;
            }

            for (var declaring = type; declaring is not null; declaring = declaring.BaseType)
            {
                foreach (var field in declaring.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (field.FieldType.IsPointer || field.FieldType.IsByRef || field.FieldType.IsByRefLike) continue;
                    var child = field.GetValue(value);
                    if (child is not null) pending.Push((child, $"{path}.{field.Name}"));
                }
            }
        }
    }

    /// <summary>Values that cannot hold a reference to anything (or only to runtime metadata).</summary>
    private static bool IsLeaf(Type type)
        => type.IsPrimitive
           || type.IsEnum
           || type.IsPointer
           || type == typeof(string)
           || type == typeof(decimal)
           || type == typeof(IntPtr)
           || type == typeof(UIntPtr)
           || typeof(MemberInfo).IsAssignableFrom(type)
           || typeof(Module).IsAssignableFrom(type)
           || typeof(Assembly).IsAssignableFrom(type);
}
