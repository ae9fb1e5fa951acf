using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Text;

namespace MultiLoss.Testing;

/// <summary>
/// Source with the spans where diagnostics are expected marked as <c>[|...|]</c>, in source order (none is fine: code
/// where nothing is expected). Linked into the generator's and the analyzers' test projects.
/// </summary>
internal sealed record MarkedSource(string Text, ImmutableArray<TextSpan> Spans)
{
    private const string Open = "[|";
    private const string Close = "|]";

    /// <summary>The line/column span of <paramref name="span"/>.</summary>
    public LinePositionSpan LineSpan(TextSpan span) => SourceText.From(Text).Lines.GetLinePositionSpan(span);

    /// <summary>The marked text, e.g. the member name a diagnostic should name.</summary>
    public string MarkedText(TextSpan span) => Text.Substring(span.Start, span.Length);

    public static MarkedSource Parse(string markup)
    {
        var text = markup;
        var spans = ImmutableArray.CreateBuilder<TextSpan>();
        for (var start = text.IndexOf(Open, StringComparison.Ordinal); start >= 0; start = text.IndexOf(Open, StringComparison.Ordinal))
        {
            var end = text.IndexOf(Close, start + Open.Length, StringComparison.Ordinal);
            var nested = text.IndexOf(Open, start + Open.Length, StringComparison.Ordinal);
            if (end < 0 || (nested >= 0 && nested < end)) throw new ArgumentException("Marked spans are [|...|], closed and not nested.", nameof(markup));
            text = text.Remove(end, Close.Length).Remove(start, Open.Length);
            spans.Add(TextSpan.FromBounds(start, end - Open.Length));
        }
        if (text.Contains(Close, StringComparison.Ordinal)) throw new ArgumentException("A |] closes no [|.", nameof(markup));
        return new MarkedSource(text, spans.ToImmutable());
    }
}
