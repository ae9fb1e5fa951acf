using System;
using System.Globalization;
using System.IO;
using DocTables;
using NUnit.Framework;

namespace MultiLoss.Docs.Tests;

/// <summary>
/// eng/DocTables on a small made-up run, so that its arithmetic and its rewriting are checked against numbers worked
/// out by hand (the docs' own sections only check that the docs agree with it).
/// </summary>
public sealed class DocTablesToolTests
{
    private string root = null!;

    [SetUp]
    public void CreateRun()
    {
        root = Path.Combine(Path.GetTempPath(), "doc-tables-" + Guid.NewGuid().ToString("N"));
        WriteSummary("a", seed: 1, accuracy: 0.9, mse: 0.02, wallTime: 1.0);
        WriteSummary("a", seed: 2, accuracy: 0.7, mse: 0.04, wallTime: 3.0);
        WriteSummary("b", seed: 1, accuracy: 0.8, mse: 0.01, wallTime: 2.0);
        WriteSummary("b", seed: 2, accuracy: 0.7, mse: 0.02, wallTime: 2.0);
        File.WriteAllText(Path.Combine(root, "runs", "r", "seeds-summary.json"), """{ "strategies": [ { "strategy": "b" }, { "strategy": "a" } ] }""");
        File.WriteAllText(Path.Combine(root, "runs", "r", "run.json"), """
            { "command": "digits --seeds 2", "commit": "0123456789abcdef", "date": "2026-01-02T03:04:05Z", "durationSeconds": 12.34,
              "machine": { "cpu": "CPU", "cores": 2, "os": "OS", "kernel": "k", "dotnetSdk": "10.0.1", "torchSharp": "0.1",
                           "loadAverageBefore": 1.5, "loadAverageAfter": 2 } }
            """);
    }

    [TearDown]
    public void DeleteRun() => Directory.Delete(root, recursive: true);

    [Test]
    public void Results_are_means_with_the_sample_standard_deviation_in_the_runs_order()
    {
        var section = GeneratedSections.Regenerate("<!-- generated: digits-results runs/r -->\n<!-- end generated -->", "docs/page.md", root);

        // a: accuracy 0.9 and 0.7 → mean 0.8, sample sd √((0.01 + 0.01) / 1) = 0.1414; wall time 2 ± 1.4142.
        Assert.That(section, Is.EqualTo("""
            <!-- generated: digits-results runs/r -->

            | strategy | test accuracy | reconstruction MSE | wall time |
            |---|---:|---:|---:|
            | b | 0.7500 ± 0.0707 | 0.0150 ± 0.0071 | 2.0 ± 0.0 s |
            | a | 0.8000 ± 0.1414 | 0.0300 ± 0.0141 | 2.0 ± 1.4 s |

            From [`runs/r`](../runs/r) (`digits --seeds 2`, commit `0123456`): mean ± sample standard deviation over seeds 1–2.

            <!-- end generated -->
            """));
    }

    [Test]
    public void Paired_differences_are_taken_seed_by_seed()
    {
        var section = GeneratedSections.Regenerate("<!-- generated: digits-paired runs/r b -->\n<!-- end generated -->", "page.md", root);

        // a − b: accuracy +0.1 and 0.0 → +0.05 ± 0.0707; MSE +0.01 and +0.02 → +0.015 ± 0.0071.
        Assert.That(section, Does.Contain("| a | +0.0500 ± 0.0707 | +0.0150 ± 0.0071 |"));
        Assert.That(section, Does.Not.Contain("| b |"), "the baseline has no row of its own");
    }

    [Test]
    public void A_changed_number_is_put_back_and_an_unknown_kind_is_an_error()
    {
        var current = GeneratedSections.Regenerate("<!-- generated: digits-results runs/r -->\n<!-- end generated -->", "page.md", root);
        var edited = current.Replace("0.8000 ± 0.1414", "0.8100 ± 0.1414");

        Assert.That(GeneratedSections.Regenerate(edited, "page.md", root), Is.EqualTo(current));
        Assert.That(() => GeneratedSections.Regenerate("<!-- generated: digits-nothing runs/r -->\n<!-- end generated -->", "page.md", root),
            Throws.TypeOf<DocTablesException>().With.Message.Contains("digits-nothing"));
    }

    [Test]
    public void Results_divide_the_time_per_step_by_weighteds_seed_by_seed()
    {
        // weighted: 2 ms and 4 ms per step; a: 3 ms and 10 ms → ratios 1.5 and 2.5, mean 2.00, sample sd 0.71.
        WriteSummary("weighted", seed: 1, accuracy: 0.9, mse: 0.02, wallTime: 1.0, secondsPerStep: 0.002);
        WriteSummary("weighted", seed: 2, accuracy: 0.9, mse: 0.02, wallTime: 1.0, secondsPerStep: 0.004);
        WriteSummary("a", seed: 1, accuracy: 0.9, mse: 0.02, wallTime: 1.0, secondsPerStep: 0.003);
        WriteSummary("a", seed: 2, accuracy: 0.7, mse: 0.04, wallTime: 3.0, secondsPerStep: 0.010);
        WriteSummary("b", seed: 1, accuracy: 0.8, mse: 0.01, wallTime: 2.0, secondsPerStep: 0.002);
        WriteSummary("b", seed: 2, accuracy: 0.7, mse: 0.02, wallTime: 2.0, secondsPerStep: 0.004);
        File.WriteAllText(Path.Combine(root, "runs", "r", "seeds-summary.json"),
            """{ "strategies": [ { "strategy": "weighted" }, { "strategy": "a" }, { "strategy": "b" } ] }""");

        var section = GeneratedSections.Regenerate("<!-- generated: digits-results runs/r -->\n<!-- end generated -->", "page.md", root);

        Assert.That(section, Does.Contain("| strategy | test accuracy | reconstruction MSE | wall time | time per step ÷ weighted |"));
        Assert.That(section, Does.Contain("| weighted | 0.9000 ± 0.0000 | 0.0200 ± 0.0000 | 1.0 ± 0.0 s | 1.00 ± 0.00 |"));
        Assert.That(section, Does.Contain("| a | 0.8000 ± 0.1414 | 0.0300 ± 0.0141 | 2.0 ± 1.4 s | 2.00 ± 0.71 |"));
        Assert.That(section, Does.Contain("| b | 0.7500 ± 0.0707 | 0.0150 ± 0.0071 | 2.0 ± 0.0 s | 1.00 ± 0.00 |"));
        Assert.That(section, Does.Contain("divided by weighted's in the same seed"));
    }

    [Test]
    public void Results_of_a_run_without_weighted_have_no_time_column()
    {
        WriteSummary("a", seed: 1, accuracy: 0.9, mse: 0.02, wallTime: 1.0, secondsPerStep: 0.003);
        WriteSummary("a", seed: 2, accuracy: 0.7, mse: 0.04, wallTime: 3.0, secondsPerStep: 0.010);
        WriteSummary("b", seed: 1, accuracy: 0.8, mse: 0.01, wallTime: 2.0, secondsPerStep: 0.002);
        WriteSummary("b", seed: 2, accuracy: 0.7, mse: 0.02, wallTime: 2.0, secondsPerStep: 0.004);

        var section = GeneratedSections.Regenerate("<!-- generated: digits-results runs/r -->\n<!-- end generated -->", "page.md", root);

        Assert.That(section, Does.Contain("| strategy | test accuracy | reconstruction MSE | wall time |\n"), "nothing to divide by");
    }

    [Test]
    public void Weights_of_a_method_that_reports_none_are_not_reported()
    {
        WriteSummary("a", seed: 1, accuracy: 0.9, mse: 0.02, wallTime: 1.0, weights: "0.5, 1.5");
        WriteSummary("a", seed: 2, accuracy: 0.7, mse: 0.04, wallTime: 3.0, weights: "1.5, 2.5");
        WriteSummary("b", seed: 1, accuracy: 0.8, mse: 0.01, wallTime: 2.0, weights: "null, null");
        WriteSummary("b", seed: 2, accuracy: 0.7, mse: 0.02, wallTime: 2.0, weights: "null, null");

        var section = GeneratedSections.Regenerate("<!-- generated: digits-weights runs/r -->\n<!-- end generated -->", "page.md", root);

        Assert.That(section, Does.Contain("| b | not reported | not reported |"));
        Assert.That(section, Does.Contain("| a | 1.00 ± 0.71 | 2.00 ± 0.71 |"));
    }

    private void WriteSummary(string strategy, int seed, double accuracy, double mse, double wallTime, double? secondsPerStep = null, string? weights = null)
    {
        var folder = Path.Combine(root, "runs", "r", $"seed-{seed}", strategy);
        Directory.CreateDirectory(folder);
        var perStep = secondsPerStep is { } value ? string.Create(CultureInfo.InvariantCulture, $", \"secondsPerStep\": {value}") : "";
        var weightsJson = weights is null ? "" : $", \"lastEpochMeanWeights\": {{ \"classification\": {weights.Split(", ")[0]}, \"reconstruction\": {weights.Split(", ")[1]} }}";
        File.WriteAllText(Path.Combine(folder, "summary.json"), string.Create(CultureInfo.InvariantCulture, $$"""
            { "strategy": "{{strategy}}", "seed": {{seed}}, "steps": 10, "testAccuracy": {{accuracy}}, "reconstructionMse": {{mse}},
              "wallTimeSeconds": {{wallTime}}, "lastEpochMeanLosses": { "classification": 0.1, "reconstruction": 0.2, "total": 0.3 }{{perStep}}{{weightsJson}} }
            """));
    }
}
