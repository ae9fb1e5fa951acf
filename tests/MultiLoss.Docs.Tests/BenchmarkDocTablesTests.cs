using System;
using System.IO;
using DocTables;
using NUnit.Framework;

namespace MultiLoss.Docs.Tests;

/// <summary>
/// eng/DocTables' benchmark tables on a small made-up BenchmarkDotNet report with numbers worked out by hand: the bare
/// step, and the weighted hand loop and generated step on both model sizes.
/// </summary>
public sealed class BenchmarkDocTablesTests
{
    private const string Header = "Method,Job,Toolchain,Categories,Size,Mean,Error,StdDev,Ratio,RatioSD,Allocated,Alloc Ratio,B/step,Glue";

    private string root = null!;

    [SetUp]
    public void CreateRun()
    {
        root = Path.Combine(Path.GetTempPath(), "benchmark-doc-tables-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "runs", "b"));
        // Times in us and in ms, thousands separators inside quoted fields, as BenchmarkDotNet writes them.
        WriteReport(
            "Bare,Quick,InProcessEmitToolchain,Bare,Small,500.0 us,1.0 us,50.0 us,1.00,0.10,7512 B,1.00,\"7,512 B\",0 B",
            "WeightedHand,Quick,InProcessEmitToolchain,Weighted,Small,800.0 us,1.0 us,80.0 us,1.00,0.10,8168 B,1.00,\"8,168 B\",656 B",
            "WeightedGenerated,Quick,InProcessEmitToolchain,Weighted,Small,600.0 us,1.0 us,30.0 us,0.75,0.05,8024 B,0.98,\"8,024 B\",512 B",
            "WeightedHand,Quick,InProcessEmitToolchain,Weighted,Large,\"101,411.8 us\",1.0 us,\"12,543.06 us\",1.00,0.16,11880 B,1.00,\"11,880 B\",264 B",
            "WeightedGenerated,Quick,InProcessEmitToolchain,Weighted,Large,70.5 ms,1.0 ms,\"1,500.0 us\",0.70,0.04,11736 B,0.99,\"11,736 B\",184 B");
        File.WriteAllText(Path.Combine(root, "runs", "b", "run.json"), """
            { "command": "bench quick", "commit": "0123456789abcdef", "date": "2026-01-02T03:04:05Z", "durationSeconds": 60,
              "machine": { "cpu": "CPU", "cores": 2, "os": "OS", "kernel": "k", "dotnetSdk": "10.0.1", "torchSharp": "0.1",
                           "loadAverageBefore": 1, "loadAverageAfter": 2 } }
            """);
    }

    [TearDown]
    public void DeleteRun() => Directory.Delete(root, recursive: true);

    private string Render(string directive) => GeneratedSections.Regenerate($"<!-- generated: {directive} -->\n<!-- end generated -->", "docs/page.md", root);

    [Test]
    public void Steps_pair_each_hand_loop_with_its_generated_step_in_milliseconds()
    {
        // 101,411.8 us = 101.4 ms ± 12,543.06 us = 12.5 ms; 70.5 ms ± 1,500 us = 1.5 ms; the small model's in three decimals.
        Assert.That(Render("benchmark-steps runs/b"), Is.EqualTo("""
            <!-- generated: benchmark-steps runs/b -->

            | category | model | hand, ms per step | generated, ms per step | generated ÷ hand | hand, allocated | generated, allocated |
            |---|---:|---:|---:|---:|---:|---:|
            | `Bare` | Small | 0.500 ± 0.050 |  |  | 7,512 B |  |
            | `Weighted` | Small | 0.800 ± 0.080 | 0.600 ± 0.030 | 0.75 ± 0.05 | 8,168 B | 8,024 B |
            | `Weighted` | Large | 101.4 ± 12.5 | 70.5 ± 1.5 | 0.70 ± 0.04 | 11,880 B | 11,736 B |

            From [`runs/b`](../runs/b) (`bench quick`, commit `0123456`): BenchmarkDotNet's mean ± standard deviation over the measured iterations, and its `Ratio` ± `RatioSD` against the hand loop of the same category and model; `Allocated` (its memory diagnoser) per step.

            <!-- end generated -->
            """));
    }

    [Test]
    public void Glue_is_each_side_minus_its_bare_step_and_leaves_out_the_bare_step_itself()
    {
        var section = Render("benchmark-glue runs/b");

        // Small: bare 8,168 − 656 = 7,512 on both sides; 512 / 656 = 78.05 %.
        Assert.That(section, Does.Contain("| `Weighted` | Small | 8,168 | 8,024 | 7,512 | 656 | 512 | 78.0 % |"));
        // Large: bare 11,880 − 264 = 11,616 by the hand case, 11,736 − 184 = 11,552 by the generated one; 184 / 264 = 69.70 %.
        Assert.That(section, Does.Contain("| `Weighted` | Large | 11,880 | 11,736 | 11,616 / 11,552 | 264 | 184 | 69.7 % |"));
        Assert.That(section, Does.Not.Contain("`Bare`"));
    }

    [Test]
    public void A_size_rounded_to_kilobytes_is_refused()
    {
        WriteReport("Bare,Quick,InProcessEmitToolchain,Bare,Small,500.0 us,1.0 us,50.0 us,1.00,0.10,7.34 KB,1.00,\"7,512 B\",0 B");

        Assert.That(() => Render("benchmark-steps runs/b"), Throws.TypeOf<DocTablesException>().With.Message.Contains("'7.34 KB' is not in bytes"));
    }

    [Test]
    public void A_category_with_two_hand_loops_is_refused()
    {
        WriteReport(
            "WeightedHand,Quick,InProcessEmitToolchain,Weighted,Small,800.0 us,1.0 us,80.0 us,1.00,0.10,8168 B,1.00,\"8,168 B\",656 B",
            "OtherHand,Quick,InProcessEmitToolchain,Weighted,Small,800.0 us,1.0 us,80.0 us,1.00,0.10,8168 B,1.00,\"8,168 B\",656 B");

        Assert.That(() => Render("benchmark-glue runs/b"), Throws.TypeOf<DocTablesException>().With.Message.Contains("has 2 hand and 0 generated cases"));
    }

    [Test]
    public void Cases_list_every_case_as_benchmarkdotnet_reported_it()
    {
        Assert.That(Render("benchmark-cases runs/b"), Is.EqualTo("""
            <!-- generated: benchmark-cases runs/b -->

            | case | mean | standard deviation | ratio to the baseline | allocated |
            |---|---:|---:|---:|---:|
            | `Bare` (small model) | 500.0 us | 50.0 us | 1.00 | 7512 B |
            | `WeightedHand` (small model) | 800.0 us | 80.0 us | 1.00 | 8168 B |
            | `WeightedGenerated` (small model) | 600.0 us | 30.0 us | 0.75 | 8024 B |
            | `WeightedHand` (large model) | 101,411.8 us | 12,543.06 us | 1.00 | 11880 B |
            | `WeightedGenerated` (large model) | 70.5 ms | 1,500.0 us | 0.70 | 11736 B |

            From [`runs/b`](../runs/b) (`bench quick`, commit `0123456`): each case as BenchmarkDotNet reported it.

            <!-- end generated -->
            """));
        Assert.That(() => Render("benchmark-cases runs/missing"), Throws.TypeOf<DocTablesException>().With.Message.Contains("does not exist"));
    }

    [Test]
    public void A_digits_run_is_not_a_benchmark_run()
    {
        Directory.CreateDirectory(Path.Combine(root, "runs", "digits"));

        Assert.That(() => BenchmarkRun.Load(root, "runs/digits"), Throws.TypeOf<DocTablesException>().With.Message.Contains("holds no BenchmarkDotNet report"));
    }

    private void WriteReport(params string[] rows) =>
        File.WriteAllText(Path.Combine(root, "runs", "b", "Bench-report.csv"), Header + "\n" + string.Join("\n", rows) + "\n");
}
