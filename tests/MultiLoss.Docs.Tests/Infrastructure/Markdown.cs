using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace MultiLoss.Docs.Tests.Infrastructure;

/// <summary>The few pieces of Markdown these tests read: fenced code blocks, sections, table rows, code spans, links.</summary>
internal static partial class Markdown
{
    /// <summary>
    /// A fenced code block: its info string (after the backticks), its text, the line of its opening fence, and the
    /// context it declares on the line before it (<c>&lt;!-- context: NAME --&gt;</c>, which GitHub does not render), if any.
    /// </summary>
    public sealed record CodeBlock(string Info, string Code, int Line, string? Context = null);

    [GeneratedRegex(@"^```(?<info>[^\n`]*)\n(?<code>.*?)\n```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();

    /// <summary>The HTML comment that declares a block's context, as the last non-blank line before its fence.</summary>
    [GeneratedRegex(@"<!-- context: (?<name>[\w.-]+) -->\s*$", RegexOptions.RightToLeft)]
    private static partial Regex ContextComment();

    [GeneratedRegex(@"`(?<code>[^`\n]+)`")]
    private static partial Regex CodeSpan();

    /// <summary>Inline links and images, <c>[text](target)</c>, outside code.</summary>
    [GeneratedRegex(@"!?\[(?<text>[^\]\n]*)\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    public static IReadOnlyList<CodeBlock> CodeBlocks(string text) =>
        Fence().Matches(text).Select(m => new CodeBlock(m.Groups["info"].Value.Trim(), m.Groups["code"].Value, LineOf(text, m.Index), ContextBefore(text, m.Index))).ToList();

    private static string? ContextBefore(string text, int fence)
    {
        var declared = ContextComment().Match(text[..fence].TrimEnd());
        return declared.Success ? declared.Groups["name"].Value : null;
    }

    /// <summary>The text from the heading <paramref name="heading"/> (e.g. <c>## Quick start</c>) to the next heading of that level.</summary>
    public static string Section(string text, string heading)
    {
        var level = heading[..(heading.IndexOf(' ') + 1)];
        var start = text.IndexOf("\n" + heading + "\n", System.StringComparison.Ordinal);
        if (start < 0) return "";
        var end = text.IndexOf("\n" + level, start + heading.Length + 1, System.StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    /// <summary>The nearest level-2 heading (<c>## ...</c>) above line <paramref name="line"/>, or null.</summary>
    public static string? HeadingAbove(string text, int line) =>
        WithoutCodeBlocks(text).Split('\n').Take(line - 1).LastOrDefault(l => l.StartsWith("## ", System.StringComparison.Ordinal));

    /// <summary>
    /// The kind and arguments of the generated section (<c>&lt;!-- generated: KIND ARGS --&gt;</c> ... <c>&lt;!-- end generated --&gt;</c>)
    /// that line <paramref name="line"/> lies in, or null.
    /// </summary>
    public static string? GeneratedSectionAround(string text, int line)
    {
        var lines = text.Split('\n');
        for (var i = line - 2; i >= 0; i--)
        {
            if (lines[i].StartsWith("<!-- end generated -->", System.StringComparison.Ordinal)) return null;
            if (lines[i].StartsWith("<!-- generated: ", System.StringComparison.Ordinal))
            {
                var closed = lines.Skip(line).Any(l => l.StartsWith("<!-- end generated -->", System.StringComparison.Ordinal));
                return closed ? lines[i]["<!-- generated: ".Length..].Replace("-->", "").Trim() : null;
            }
        }
        return null;
    }

    /// <summary>The rows of the first table in <paramref name="text"/> after its header and delimiter rows, as cells.</summary>
    public static IReadOnlyList<string[]> TableRows(string text)
    {
        var lines = text.Split('\n').SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).ToList();
        return lines.Skip(2).Select(Cells).ToList();
    }

    public static string[] Cells(string row) => row.Trim().Trim('|').Split(" | ").Select(c => c.Trim()).ToArray();

    public static IReadOnlyList<string> CodeSpans(string text) => CodeSpan().Matches(text).Select(m => m.Groups["code"].Value).ToList();

    /// <summary>Every link target in <paramref name="text"/> outside fenced code blocks and code spans, with its line.</summary>
    public static IReadOnlyList<(string Target, int Line)> Links(string text)
    {
        var prose = Fence().Replace(text, m => new string('\n', m.Value.Count(c => c == '\n')));
        prose = CodeSpan().Replace(prose, "``");
        return Link().Matches(prose).Select(m => (m.Groups["target"].Value, LineOf(prose, m.Index))).ToList();
    }

    /// <summary><paramref name="text"/> without fenced code blocks (kept as blank lines, so line numbers hold).</summary>
    public static string WithoutCodeBlocks(string text) => Fence().Replace(text, m => new string('\n', m.Value.Count(c => c == '\n')));

    private static int LineOf(string text, int index) => 1 + text[..index].Count(c => c == '\n');
}
