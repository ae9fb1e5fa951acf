using System;
using System.Globalization;
using System.IO;
using DocTables;
using NUnit.Framework;

namespace MultiLoss.Docs.Tests;

/// <summary>
/// eng/DocTables' MultiFashion tables on a small made-up run with numbers worked out by hand: two seeds, the two
/// baselines, and three strategies.
/// </summary>
public sealed class FashionDocTablesTests
{
    private string root = null!;

    [SetUp]
    public void CreateRun()
    {
        root = Path.Combine(Path.GetTempPath(), "fashion-doc-tables-" + Guid.NewGuid().ToString("N"));
        // Seed 1's baselines: left 0.80, right 0.50; seed 2's: left 0.60, right 0.70. Δm% of each strategy worked out
        // against them: weighted (0.72, 0.45) → (−10% − 10%) / 2 = −10; (0.66, 0.63) → (+10% − 10%) / 2 = 0.
        WriteSummary("single-left", "left", 1, 0.80, null, null, 0.010);
        WriteSummary("single-right", "right", 1, null, 0.50, null, 0.010);
        WriteSummary("single-left", "left", 2, 0.60, null, null, 0.030);
        WriteSummary("single-right", "right", 2, null, 0.70, null, 0.030);
        WriteSummary("weighted", "both", 1, 0.72, 0.45, -10, 0.010);
        WriteSummary("weighted", "both", 2, 0.66, 0.63, 0, 0.030);
        // sum: (0.80, 0.55) → (0 + 10%) / 2 = +5; (0.54, 0.77) → (−10% + 10%) / 2 = 0.
        WriteSummary("sum", "both", 1, 0.80, 0.55, 5, 0.020);
        WriteSummary("sum", "both", 2, 0.54, 0.77, 0, 0.030);
        WriteSummary("gated", "both", 1, 0.72, 0.45, -10, 0.010, gateOpenSteps: 3);
        WriteSummary("gated", "both", 2, 0.66, 0.63, 0, 0.030, gateOpenSteps: 5);
        File.WriteAllText(Path.Combine(root, "runs", "f", "comparison.json"),
            """{ "strategies": [ { "strategy": "weighted" }, { "strategy": "sum" }, { "strategy": "gated" } ] }""");
        File.WriteAllText(Path.Combine(root, "runs", "f", "run.json"), """
            { "command": "fashion --seeds 2", "commit": "fedcba9876543210", "date": "2026-01-02T03:04:05Z", "durationSeconds": 60,
              "machine": { "cpu": "CPU", "cores": 2, "os": "OS", "kernel": "k", "dotnetSdk": "10.0.1", "torchSharp": "0.1",
                           "loadAverageBefore": 1, "loadAverageAfter": 2 } }
            """);
    }

    [TearDown]
    public void DeleteRun() => Directory.Delete(root, recursive: true);

    private string Render(string directive) => GeneratedSections.Regenerate($"<!-- generated: {directive} -->\n<!-- end generated -->", "docs/page.md", root);

    [Test]
    public void Results_are_the_baselines_then_each_strategy_with_delta_m_and_the_time_per_step_over_weighted()
    {
        // sum's left accuracy: 0.80 and 0.54 → 0.67 ± 0.26/√2 = 0.1838; its time: 0.020/0.010 = 2 and 0.030/0.030 = 1 → 1.5 ± 0.71.
        Assert.That(Render("fashion-results runs/f"), Is.EqualTo("""
            <!-- generated: fashion-results runs/f -->

            | strategy | left accuracy | right accuracy | Δm% | time per step ÷ weighted |
            |---|---:|---:|---:|---:|
            | single-left | 0.7000 ± 0.1414 |  |  |  |
            | single-right |  | 0.6000 ± 0.1414 |  |  |
            | weighted | 0.6900 ± 0.0424 | 0.5400 ± 0.1273 | -5.00 ± 7.07 | 1.00 ± 0.00 |
            | sum | 0.6700 ± 0.1838 | 0.6600 ± 0.1556 | +2.50 ± 3.54 | 1.50 ± 0.71 |
            | gated | 0.6900 ± 0.0424 | 0.5400 ± 0.1273 | -5.00 ± 7.07 | 1.00 ± 0.00 |

            From [`runs/f`](../runs/f) (`fashion --seeds 2`, commit `fedcba9`): mean ± sample standard deviation over seeds 1–2; Δm% and the time ratio are taken seed by seed, against the same seed's baselines and weighted run.

            <!-- end generated -->
            """));
    }

    [Test]
    public void Paired_differences_are_taken_seed_by_seed()
    {
        var section = Render("fashion-paired runs/f weighted");

        // sum − weighted: left +0.08 and −0.12 → −0.02 ± 0.1414; right +0.10 and +0.14 → +0.12 ± 0.0283; Δm% 15 and 0 → +7.50 ± 10.61.
        Assert.That(section, Does.Contain("| sum | -0.0200 ± 0.1414 | +0.1200 ± 0.0283 | +7.50 ± 10.61 |"));
        Assert.That(section, Does.Contain("| gated | 0.0000 ± 0.0000 | 0.0000 ± 0.0000 | 0.00 ± 0.00 |"));
        Assert.That(section, Does.Not.Contain("| weighted |").And.Not.Contain("single-"));
    }

    [Test]
    public void Weights_list_the_gate_and_leave_out_fixed_weights()
    {
        var section = Render("fashion-weights runs/f");

        Assert.That(section, Does.Contain("| gated |  |  | 4 ± 1 of 10 |"));
        Assert.That(section, Does.Not.Contain("| weighted |").And.Not.Contain("| sum |"));
    }

    [Test]
    public void A_digits_run_is_not_a_fashion_run() =>
        Assert.That(() => FashionRun.Load(root, "runs/none"), Throws.TypeOf<DocTablesException>().With.Message.Contains("does not exist"));

    private void WriteSummary(string strategy, string tasks, int seed, double? left, double? right, double? deltaM, double secondsPerStep, int? gateOpenSteps = null)
    {
        var folder = Path.Combine(root, "runs", "f", $"seed-{seed}", strategy);
        Directory.CreateDirectory(folder);
        static string Number(double? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "null";
        var gate = gateOpenSteps is { } open ? $", \"rightGateOpenSteps\": {open}" : "";
        File.WriteAllText(Path.Combine(folder, "summary.json"), $$"""
            { "strategy": "{{strategy}}", "tasks": "{{tasks}}", "seed": {{seed}}, "steps": 10, "leftAccuracy": {{Number(left)}},
              "rightAccuracy": {{Number(right)}}, "deltaMPercent": {{Number(deltaM)}}, "secondsPerStep": {{Number(secondsPerStep)}}{{gate}} }
            """);
    }
}
