using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using MultiLoss.CodeFixes.Tests.Infrastructure;
using NUnit.Framework;

namespace MultiLoss.CodeFixes.Tests;

/// <summary>
/// docs/diagnostics.md against the generator: an entry for every descriptor, with the anchor its help link points
/// to, its title, severity and message; and every "Wrong" example gets exactly that diagnostic from the generator,
/// every "Fixed" one none, with its generated code compiling.
/// </summary>
public sealed class DiagnosticsDocTests
{
    private const string HelpLinkBase = "https://github.com/multiloss/multiloss/blob/main/docs/diagnostics.md#";

    /// <summary>What the doc's examples leave out.</summary>
    private const string Usings = "using MultiLoss;\nusing TorchSharp;\nusing static TorchSharp.torch;\n\n";

    private static readonly Regex Anchor = new(@"^<a id=""(?<anchor>[^""]+)""></a>\n## (?<id>ML\d{4}): (?<title>.+)$", RegexOptions.Multiline);
    private static readonly Regex TableRow = new(@"^\| \[(?<id>ML\d{4})\]\(#(?<anchor>[^)]+)\) \| (?<severity>\w+) \| (?<title>.+) \|$", RegexOptions.Multiline);
    private static readonly Regex Example = new(@"^\*\*(?<kind>Wrong|Fixed)\*\*\n```csharp\n(?<code>.*?)\n```$", RegexOptions.Multiline | RegexOptions.Singleline);

    private static string Doc => File.ReadAllText(Path.Combine(RepoRoot(), "docs", "diagnostics.md")).Replace("\r\n", "\n");

    private static readonly IReadOnlyDictionary<string, DiagnosticDescriptor> Descriptors
        = GeneratorDescriptors.All().Values.ToDictionary(d => d.Id);

    /// <summary>Every id the generator has, in order: one test case each.</summary>
    public static IEnumerable<string> Ids => GeneratorDescriptors.All().Values.Select(d => d.Id).OrderBy(id => id, System.StringComparer.Ordinal);

    [Test]
    public void The_table_lists_every_id_with_its_severity_and_title_in_order()
    {
        var rows = TableRow.Matches(Doc).Select(m => $"{m.Groups["id"].Value} #{m.Groups["anchor"].Value} {m.Groups["severity"].Value} {m.Groups["title"].Value}");
        var expected = Ids.Select(id => $"{id} #{id.ToLowerInvariant()} {Descriptors[id].DefaultSeverity} {Descriptors[id].Title}");

        Assert.That(rows, Is.EqualTo(expected));
    }

    [Test]
    public void The_sections_are_the_ids_in_order_each_with_the_anchor_of_its_help_link()
    {
        var sections = Anchor.Matches(Doc).Select(m => (Anchor: m.Groups["anchor"].Value, Id: m.Groups["id"].Value)).ToArray();

        Assert.That(sections.Select(s => s.Id), Is.EqualTo(Ids));
        Assert.Multiple(() =>
        {
            foreach (var (anchor, id) in sections)
            {
                Assert.That(HelpLinkBase + anchor, Is.EqualTo(Descriptors[id].HelpLinkUri), $"{id}: the help link points at its anchor");
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
            using var workspace = new TrainerWorkspace(Usings + code);
            var output = await TrainerWorkspace.RunGeneratorAsync(workspace.Project);

            var diagnostics = output.Diagnostics.Select(d => d.ToString()).ToArray();
            Assert.That(output.Diagnostics.Select(d => d.Id).Distinct(), Is.EqualTo(new[] { id }), string.Join("\n", diagnostics));
            Assert.That(output.Diagnostics.Select(d => d.Severity).Distinct(), Is.EqualTo(new[] { Descriptors[id].DefaultSeverity }));
        }
    }

    [TestCaseSource(nameof(Ids))]
    public async Task The_fixed_example_gets_no_diagnostic_and_compiles_with_its_generated_code(string id)
    {
        foreach (var code in Examples(Section(id), "Fixed"))
        {
            using var workspace = new TrainerWorkspace(Usings + code);
            var output = await TrainerWorkspace.RunGeneratorAsync(workspace.Project);

            Assert.That(output.Diagnostics.Select(d => d.ToString()), Is.Empty, "generator diagnostics");
            Assert.That(output.HintNames, Is.Not.Empty, "the trainer is generated");
            var errors = output.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString());
            Assert.That(errors, Is.Empty, "compile errors (the examples are short, so warnings such as unassigned fields are allowed)");
        }
    }

    /// <summary>The text from the heading of <paramref name="id"/> to the next anchor.</summary>
    private static string Section(string id)
    {
        var doc = Doc;
        var matches = Anchor.Matches(doc).ToArray();
        var index = System.Array.FindIndex(matches, m => m.Groups["id"].Value == id);
        Assert.That(index, Is.GreaterThanOrEqualTo(0), $"docs/diagnostics.md has no section for {id}");
        var start = matches[index].Index + matches[index].Value.IndexOf("## ", System.StringComparison.Ordinal);
        var end = index + 1 < matches.Length ? matches[index + 1].Index : doc.Length;
        return doc[start..end];
    }

    private static string[] Examples(string section, string kind)
        => Example.Matches(section).Where(m => m.Groups["kind"].Value == kind).Select(m => m.Groups["code"].Value).ToArray();

    private static string RepoRoot()
        => typeof(DiagnosticsDocTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
}
