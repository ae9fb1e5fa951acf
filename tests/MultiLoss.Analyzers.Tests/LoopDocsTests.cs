using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using MultiLoss.Analyzers.Tests.Infrastructure;
using MultiLoss.CodeFixes;
using NUnit.Framework;

namespace MultiLoss.Analyzers.Tests;

/// <summary>
/// docs/loop-analyzers.md against the analyzers: an entry for every id, with the anchor its help link points to, its
/// title, severity and message; every "Wrong" example gets exactly that id, every "Fixed" one nothing a user sees; both
/// compile with the generator; and where the page shows what a fix writes, the fix writes exactly that.
/// </summary>
public sealed class LoopDocsTests
{
    private const string HelpLinkBase = "https://github.com/multiloss/multiloss/blob/main/docs/loop-analyzers.md#";

    /// <summary>What the page's examples leave out.</summary>
    private const string Usings = "using System;\nusing MultiLoss;\nusing TorchSharp;\nusing static TorchSharp.torch;\n\n";

    private static readonly Regex Anchor = new(@"^<a id=""(?<anchor>[^""]+)""></a>\n## (?<id>MLA\d{4}): (?<title>.+)$", RegexOptions.Multiline);
    private static readonly Regex TableRow = new(@"^\| \[(?<id>MLA\d{4})\]\(#(?<anchor>[^)]+)\) \| (?<severity>\w+) \| (?<title>.+) \|$", RegexOptions.Multiline);
    private static readonly Regex Example = new(@"^\*\*(?<kind>Wrong|Fixed)\*\*\n```csharp\n(?<code>.*?)\n```$", RegexOptions.Multiline | RegexOptions.Singleline);

    private static readonly IReadOnlyDictionary<string, DiagnosticDescriptor> Descriptors =
        AnalyzerHarness.Analyzers.SelectMany(a => a.SupportedDiagnostics).ToDictionary(d => d.Id);

    public static IEnumerable<string> Ids => AnalyzerHarness.Ids;

    private static string Doc => File.ReadAllText(Path.Combine(RepoRoot(), "docs", "loop-analyzers.md")).Replace("\r\n", "\n");

    [Test]
    public void The_table_lists_every_id_with_its_severity_and_title_in_order()
    {
        var rows = TableRow.Matches(Doc).Select(m => $"{m.Groups["id"].Value} #{m.Groups["anchor"].Value} {m.Groups["severity"].Value} {m.Groups["title"].Value}");

        Assert.That(rows, Is.EqualTo(Ids.Select(id => $"{id} #{id.ToLowerInvariant()} {Descriptors[id].DefaultSeverity} {Descriptors[id].Title}")));
    }

    [Test]
    public void The_sections_are_the_ids_in_order_each_with_the_anchor_of_its_help_link()
    {
        var sections = Anchor.Matches(Doc).Select(m => (Anchor: m.Groups["anchor"].Value, Id: m.Groups["id"].Value)).ToArray();

        Assert.That(sections.Select(s => s.Id), Is.EqualTo(Ids));
        Assert.That(sections.Select(s => HelpLinkBase + s.Anchor), Is.EqualTo(sections.Select(s => Descriptors[s.Id].HelpLinkUri)));
    }

    [Test]
    public void Every_descriptor_has_the_category_and_is_tracked_as_unshipped()
    {
        var releases = File.ReadAllText(Path.Combine(RepoRoot(), "generators", "MultiLoss.Analyzers", "AnalyzerReleases.Unshipped.md"));

        Assert.Multiple(() =>
        {
            foreach (var descriptor in Descriptors.Values)
            {
                Assert.That(descriptor.Category, Is.EqualTo("MultiLoss"), descriptor.Id);
                Assert.That(releases, Does.Contain($"{descriptor.Id} | MultiLoss | {descriptor.DefaultSeverity} | {descriptor.Title}"), descriptor.Id);
            }
        });
    }

    [TestCaseSource(nameof(Ids))]
    public void The_section_states_title_severity_and_message(string id)
    {
        var section = Section(id);
        var descriptor = Descriptors[id];

        Assert.Multiple(() =>
        {
            Assert.That(section, Does.StartWith($"## {id}: {descriptor.Title}\n"), "heading");
            Assert.That(section, Does.Contain($"**Severity:** {descriptor.DefaultSeverity}."), "severity");
            Assert.That(section, Does.Contain($"**Message:** {descriptor.MessageFormat}\n"), "message");
            Assert.That(Examples(section, "Wrong"), Is.Not.Empty, "a wrong example");
            Assert.That(Examples(section, "Fixed"), Is.Not.Empty, "a fixed example");
        });
    }

    [TestCaseSource(nameof(Ids))]
    public async Task The_wrong_example_gets_exactly_this_diagnostic(string id)
    {
        foreach (var code in Examples(Section(id), "Wrong"))
        {
            var diagnostics = await AnalyzeCleanCompilationAsync(Usings + code);

            var seen = diagnostics.Where(d => d.Id == id || d.Severity != DiagnosticSeverity.Hidden).ToArray();
            Assert.That(seen.Select(d => d.Id), Is.EqualTo(new[] { id }), string.Join("\n", diagnostics.Select(d => d.ToString())));
        }
    }

    [TestCaseSource(nameof(Ids))]
    public async Task The_fixed_example_gets_nothing_a_user_sees(string id)
    {
        foreach (var code in Examples(Section(id), "Fixed"))
        {
            var diagnostics = await AnalyzeCleanCompilationAsync(Usings + code);

            var seen = diagnostics.Where(d => d.Id == id || d.Severity != DiagnosticSeverity.Hidden);
            Assert.That(seen.Select(d => d.ToString()), Is.Empty);
        }
    }

    [TestCase("MLA0001", "Backpropagate the sum once")]
    [TestCase("MLA0005", null)]
    public async Task The_fixed_example_is_what_the_fix_writes(string id, string? title)
    {
        var section = Section(id);
        var provider = id == "MLA0001" ? (Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider)new RetainGraphCodeFixProvider() : new ConvertToTrainerCodeFixProvider();

        var written = await LoopWorkspace.FixAsync(Usings + Examples(section, "Wrong")[0] + "\n", id, provider, title);

        Assert.That(written, Is.EqualTo(Usings + Examples(section, "Fixed")[0] + "\n"));
    }

    /// <summary>The loop analyzers' diagnostics on <paramref name="source"/>, which must compile without an error or a generator diagnostic.</summary>
    private static async Task<Diagnostic[]> AnalyzeCleanCompilationAsync(string source)
    {
        var compilation = AnalyzerHarness.Compile(source);
        Assert.That(AnalyzerHarness.Errors(compilation), Is.Empty, "compile errors");
        Assert.That(compilation.GetDiagnostics().Where(d => d.Id.StartsWith("ML", StringComparison.Ordinal)).Select(d => d.ToString()), Is.Empty, "generator diagnostics");
        return (await AnalyzerHarness.AnalyzeAsync(compilation)).ToArray();
    }

    /// <summary>The text from the heading of <paramref name="id"/> to the next anchor.</summary>
    private static string Section(string id)
    {
        var doc = Doc;
        var matches = Anchor.Matches(doc).ToArray();
        var index = Array.FindIndex(matches, m => m.Groups["id"].Value == id);
        Assert.That(index, Is.GreaterThanOrEqualTo(0), $"docs/loop-analyzers.md has no section for {id}");
        var start = matches[index].Index + matches[index].Value.IndexOf("## ", StringComparison.Ordinal);
        var end = index + 1 < matches.Length ? matches[index + 1].Index : doc.Length;
        return doc[start..end];
    }

    private static string[] Examples(string section, string kind)
        => Example.Matches(section).Where(m => m.Groups["kind"].Value == kind).Select(m => m.Groups["code"].Value).ToArray();

    private static string RepoRoot()
        => typeof(LoopDocsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
}
