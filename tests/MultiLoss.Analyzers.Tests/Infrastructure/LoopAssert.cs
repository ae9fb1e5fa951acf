using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using MultiLoss.Testing;
using NUnit.Framework;

namespace MultiLoss.Analyzers.Tests.Infrastructure;

/// <summary>Runs the loop analyzers on a test's source and compares what they report with what the source marks.</summary>
internal static class LoopAssert
{
    /// <summary>
    /// <paramref name="markup"/> compiles, and the analyzers report <paramref name="id"/> exactly at its marked spans
    /// and nothing else that a user sees (hidden suggestions aside, unless <paramref name="id"/> is one).
    /// </summary>
    public static async Task<Diagnostic[]> ReportsAsync(string id, string markup)
    {
        var source = MarkedSource.Parse(markup);
        var diagnostics = await AnalyzeAsync(source.Text).ConfigureAwait(false);
        var seen = diagnostics.Where(d => d.Id == id || d.Severity != DiagnosticSeverity.Hidden).ToArray();

        Assert.That(
            seen.Select(d => $"{d.Id} '{source.Text.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)}'"),
            Is.EqualTo(source.Spans.Select(s => $"{id} '{source.MarkedText(s)}'")),
            string.Join("\n", diagnostics.Select(d => d.ToString())));
        return seen;
    }

    /// <summary><paramref name="source"/> compiles and the analyzers report nothing a user sees (or none of <paramref name="ids"/>).</summary>
    public static async Task ReportsNothingAsync(string source, params string[] ids)
    {
        var diagnostics = await AnalyzeAsync(source).ConfigureAwait(false);
        var seen = diagnostics.Where(d => ids.Length == 0 ? d.Severity != DiagnosticSeverity.Hidden : ids.Contains(d.Id));
        Assert.That(seen.Select(d => d.ToString()), Is.Empty);
    }

    public static async Task<Diagnostic[]> AnalyzeAsync(string source)
    {
        var compilation = AnalyzerHarness.Compile(source);
        Assert.That(AnalyzerHarness.Errors(compilation), Is.Empty, "the test source compiles");
        return (await AnalyzerHarness.AnalyzeAsync(compilation).ConfigureAwait(false)).ToArray();
    }
}
