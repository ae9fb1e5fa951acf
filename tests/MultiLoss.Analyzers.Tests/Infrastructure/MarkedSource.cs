using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Text;

namespace MultiLoss.Analyzers.Tests.Infrastructure;

/// <summary>Source with the spans where diagnostics are expected marked as <c>[|...|]</c>, in source order (none is fine).</summary>
internal sealed record MarkedSource(string Text, ImmutableArray<TextSpan> Spans)
{
    private const string Open = "[|";
    private const string Close = "|]";

    public string MarkedText(TextSpan span) => Text.Substring(span.Start, span.Length);

    public static MarkedSource Parse(string markup)
    {
        var text = markup;
        var spans = ImmutableArray.CreateBuilder<TextSpan>();
        for (var start = text.IndexOf(Open, StringComparison.Ordinal); start >= 0; start = text.IndexOf(Open, StringComparison.Ordinal))
        {
            var end = text.IndexOf(Close, start + Open.Length, StringComparison.Ordinal);
            if (end < 0) throw new ArgumentException("A [| is never closed.", nameof(markup));
            text = text.Remove(end, Close.Length).Remove(start, Open.Length);
            spans.Add(TextSpan.FromBounds(start, end - Open.Length));
        }
        return new MarkedSource(text, spans.ToImmutable());
    }
}
