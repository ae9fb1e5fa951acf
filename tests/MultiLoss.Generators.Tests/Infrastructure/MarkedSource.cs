using System;
using Microsoft.CodeAnalysis.Text;

namespace MultiLoss.Generators.Tests.Infrastructure;

/// <summary>
/// Source with one span marked as <c>[|...|]</c>: the span a diagnostic is expected at.
/// </summary>
internal sealed record MarkedSource(string Text, TextSpan Span)
{
    private const string Open = "[|";
    private const string Close = "|]";

    public LinePositionSpan LineSpan => SourceText.From(Text).Lines.GetLinePositionSpan(Span);

    /// <summary>The marked text, e.g. the member name a diagnostic should name.</summary>
    public string MarkedText => Text.Substring(Span.Start, Span.Length);

    public static MarkedSource Parse(string markup)
    {
        var start = markup.IndexOf(Open, StringComparison.Ordinal);
        var end = markup.IndexOf(Close, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new ArgumentException("The source must mark one span as [|...|].", nameof(markup));
        }
        if (markup.IndexOf(Open, start + Open.Length, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException("The source must mark exactly one span.", nameof(markup));
        }

        var text = markup.Remove(end, Close.Length).Remove(start, Open.Length);
        return new MarkedSource(text, TextSpan.FromBounds(start, end - Open.Length));
    }
}
