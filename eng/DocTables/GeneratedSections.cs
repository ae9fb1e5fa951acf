using System.Text.RegularExpressions;

namespace DocTables;

/// <summary>
/// A generated section of a doc sits between <c>&lt;!-- generated: KIND ARGS --&gt;</c> and
/// <c>&lt;!-- end generated --&gt;</c>, each on a line of its own; everything between them is replaced by what
/// <see cref="SectionRenderer"/> renders for the kind and its arguments, with a blank line on either side so that
/// Markdown reads it as a block of its own.
/// </summary>
public static partial class GeneratedSections
{
    [GeneratedRegex(@"^<!-- generated: (?<directive>[^\n]+?) -->\n(?<body>.*?)^<!-- end generated -->$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Section();

    /// <param name="docPath">The doc's path relative to the repository root (links are made relative to it).</param>
    public static string Regenerate(string text, string docPath, string root) =>
        Section().Replace(text, match =>
        {
            var directive = match.Groups["directive"].Value;
            var body = SectionRenderer.Render(directive, docPath, root);
            return $"<!-- generated: {directive} -->\n\n{body.Trim('\n')}\n\n<!-- end generated -->";
        });

    public static int Count(string text) => Section().Matches(text).Count;
}
