using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using MultiLoss.Generators.Model;

namespace MultiLoss.Generators.Reporting;

/// <summary>
/// Reports diagnostics at locations in the compilation's syntax trees. The compiler applies <c>#pragma warning</c> and
/// per-file <c>.editorconfig</c> severities only to a diagnostic whose location is in a syntax tree; the pipeline models
/// hold plain <see cref="LocationInfo"/>s (a location would defeat caching), so the trees are looked up here, by path.
/// </summary>
internal static class DiagnosticReporter
{
    public static void Report(SourceProductionContext output, ImmutableArray<DiagnosticInfo> diagnostics, Compilation compilation)
    {
        if (diagnostics.IsEmpty) return;
        var trees = TreesByPath(compilation);
        foreach (var diagnostic in diagnostics)
        {
            output.CancellationToken.ThrowIfCancellationRequested();
            var tree = diagnostic.Location is { } location && trees.TryGetValue(location.FilePath, out var found) ? found : null;
            output.ReportDiagnostic(diagnostic.ToDiagnostic(tree));
        }
    }

    /// <summary>Each file path's syntax tree; a path several trees share (e.g. none at all) maps to null, as it names no one tree.</summary>
    private static Dictionary<string, SyntaxTree?> TreesByPath(Compilation compilation)
    {
        var trees = new Dictionary<string, SyntaxTree?>(System.StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            trees[tree.FilePath] = trees.ContainsKey(tree.FilePath) ? null : tree;
        }
        return trees;
    }
}
