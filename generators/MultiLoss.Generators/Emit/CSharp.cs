using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;

namespace MultiLoss.Generators.Emit;

/// <summary>Small helpers that turn values into C# source text, culture-invariantly.</summary>
internal static class CSharp
{
    /// <summary>An identifier as source: keywords get an <c>@</c>.</summary>
    public static string Identifier(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) is SyntaxKind.AwaitKeyword
            ? "@" + name
            : name;

    /// <summary>A double as source that round-trips: <c>0.5</c>, <c>2.0</c>, <c>1E-05</c>, <c>double.PositiveInfinity</c>.</summary>
    public static string DoubleLiteral(double value)
    {
        if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
        if (double.IsNaN(value)) return "double.NaN";
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOfAny(['.', 'E', 'e']) >= 0 ? text : text + ".0";
    }

    /// <summary>Text for an XML doc comment: markup characters escaped, on one line.</summary>
    public static string DocText(string value)
        => value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\r", " ").Replace("\n", " ");

    /// <summary>An int as source, culture-invariantly.</summary>
    public static string IntLiteral(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A string literal with quotes and escapes.</summary>
    public static string StringLiteral(string value)
        => SymbolDisplay.FormatLiteral(value, quote: true);
}
