using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace MultiLoss.Docs.Tests.Infrastructure;

/// <summary>The anchors a Markdown file offers: explicit <c>&lt;a id="..."&gt;</c> and GitHub's heading slugs.</summary>
internal static partial class Anchors
{
    [GeneratedRegex(@"<a id=""(?<id>[^""]+)""")]
    private static partial Regex Explicit();

    [GeneratedRegex(@"^#{1,6} (?<heading>.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    public static ISet<string> In(string markdown)
    {
        var text = Markdown.WithoutCodeBlocks(markdown);
        var anchors = Explicit().Matches(text).Select(m => m.Groups["id"].Value).ToHashSet();
        foreach (Match heading in Heading().Matches(text)) anchors.Add(Slug(heading.Groups["heading"].Value));
        return anchors;
    }

    /// <summary>GitHub's slug: lower case, punctuation dropped (hyphens and underscores kept), spaces to hyphens.</summary>
    public static string Slug(string heading) =>
        new string(heading.Trim().ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c is '-' or '_' or ' ').ToArray()).Replace(' ', '-');
}
