using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace MultiLoss.Generators.Model;

/// <summary>A source location held as plain values, so it can live in a cached pipeline model.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan TextSpan, LinePositionSpan LineSpan)
{
    /// <summary>
    /// The location in <paramref name="tree"/> when it is the file this location was read from, so that <c>#pragma warning</c>
    /// and <c>.editorconfig</c> severities apply to the diagnostic; else a location outside any syntax tree.
    /// </summary>
    public Location ToLocation(SyntaxTree? tree)
        => tree is not null && tree.FilePath == FilePath && TextSpan.End <= tree.Length
            ? Location.Create(tree, TextSpan)
            : Location.Create(FilePath, TextSpan, LineSpan);

    public static LocationInfo? From(Location? location)
    {
        if (location is null || location.SourceTree is null) return null;
        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }

    public static LocationInfo? From(SyntaxNode? node) => node is null ? null : From(node.GetLocation());

    public static LocationInfo? From(SyntaxToken token) => From(token.GetLocation());
}
