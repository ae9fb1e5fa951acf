using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using DocTables;
using MultiLoss.Docs.Tests.Infrastructure;
using NUnit.Framework;

namespace MultiLoss.Docs.Tests;

/// <summary>
/// The numbers the docs show from runs are generated from the recorded runs in docs/runs/ (eng/regenerate-doc-tables.sh):
/// each generated section equals what the tool renders now, and no results table is typed in by hand.
/// </summary>
public sealed partial class GeneratedSectionTests
{
    private const string Regenerate = "run eng/regenerate-doc-tables.sh";

    public static IEnumerable<string> Docs => Repository.Docs;

    [GeneratedRegex(@"^<!-- generated: .*?^<!-- end generated -->$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Section();

    [TestCaseSource(nameof(Docs))]
    public void Each_generated_section_is_what_the_recorded_runs_give(string doc)
    {
        var text = Repository.Read(doc);

        var regenerated = GeneratedSections.Regenerate(text, doc, Repository.Root);

        Assert.That(text, Is.EqualTo(regenerated), $"{doc} differs from the recorded runs; {Regenerate}");
    }

    [TestCaseSource(nameof(Docs))]
    public void Results_of_the_digits_example_appear_only_in_generated_sections(string doc)
    {
        var handWritten = Section().Replace(Repository.Read(doc), "");

        Assert.That(handWritten, Does.Not.Contain("| test accuracy |").And.Not.Contain("│ test accuracy │"),
            "a results table outside a generated section; add a <!-- generated: ... --> section and " + Regenerate);
    }

    [TestCaseSource(nameof(Docs))]
    public void Benchmark_results_appear_only_in_generated_sections(string doc)
    {
        var handWritten = Section().Replace(Repository.Read(doc), "");

        Assert.That(handWritten, Does.Not.Contain("| Method ").And.Not.Contain("Hand glue").And.Not.Contain("| B/step"),
            "a benchmark table outside a generated section; add a <!-- generated: benchmark-... --> section and " + Regenerate);
    }

    [Test]
    public void The_benchmark_page_shows_the_recorded_quick_run()
    {
        var text = Repository.Read("docs/benchmarks.md");

        Assert.That(text, Does.Contain("<!-- generated: benchmark-steps docs/runs/benchmarks-quick -->"));
        Assert.That(text, Does.Contain("<!-- generated: benchmark-glue docs/runs/benchmarks-quick -->"));
    }

    [TestCase("README.md")]
    [TestCase("docs/weighting-comparison.md")]
    [TestCase("examples/Digits/README.md")]
    public void The_comparison_is_the_recorded_run_over_several_seeds(string doc)
    {
        Assert.That(Repository.Read(doc), Does.Contain("<!-- generated: digits-results docs/runs/digits-all-5-seeds -->"));
    }

    [Test]
    public void Every_recorded_run_is_shown_by_a_doc()
    {
        var shown = string.Join("\n", Repository.Docs.Select(Repository.Read));
        var runs = Directory.GetDirectories(Path.Combine(Repository.Root, "docs", "runs")).Select(Repository.Relative);

        Assert.That(runs.Where(run => !shown.Contains($" {run} ") && !shown.Contains($" {run} -->")), Is.Empty, "runs no doc shows; remove them or show them");
    }
}
