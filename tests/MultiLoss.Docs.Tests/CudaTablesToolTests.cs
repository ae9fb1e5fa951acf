using System;
using System.IO;
using System.Linq;
using DocTables;
using MultiLoss.Docs.Tests.Infrastructure;
using NUnit.Framework;

namespace MultiLoss.Docs.Tests;

/// <summary>
/// The CUDA sections of eng/DocTables on a made-up run whose expected text is worked out by hand, and the recorded CUDA
/// run checked for transcription slips (it was copied by hand from what the GPU machine printed).
/// </summary>
public sealed class CudaTablesToolTests
{
    private const string RecordedRun = "docs/runs/cuda-h200-066b832";
    private string root = null!;

    [SetUp]
    public void CreateRun()
    {
        root = Path.Combine(Path.GetTempPath(), "cuda-tables-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "runs", "c"));
        WriteRun(MadeUpRun);
    }

    [TearDown]
    public void DeleteRun() => Directory.Delete(root, recursive: true);

    [Test]
    public void Timing_rows_show_the_ratio_and_both_times_of_each_pair()
    {
        var section = Render("cuda-timing runs/c");

        Assert.That(section, Does.Contain("| A / B | small: S | large: L |"));
        Assert.That(section, Does.Contain("| weighted, generated / hand | 1.100 (1,100 µs vs 1,000 µs) | 0.900 (9,000 µs vs 10,000 µs) |"));
        Assert.That(section, Does.Contain("From [`runs/c`](../runs/c) (commit `abcdef0`): Adam, medians"));
    }

    [Test]
    public void Eager_rows_take_the_generated_and_hand_times_from_the_named_pair()
    {
        var section = Render("cuda-eager runs/c");

        Assert.That(section, Does.Contain("| weighted | small | 1,100 µs | 1,000 µs | 1,050 µs |"));
        Assert.That(section, Does.Contain("| weighted | large | 9,000 µs | 10,000 µs | 9,500 µs |"));
    }

    [Test]
    public void Equality_shows_zero_as_0_and_small_differences_in_short_exponent_form()
    {
        var section = Render("cuda-equality runs/c");

        Assert.That(section, Does.Contain("| a | 1.5e-8 |"));
        Assert.That(section, Does.Contain("| b | 0 |"));
        Assert.That(section, Does.Contain("both on CUDA: a 0; the number of live tensors after 1,000 CUDA steps equals the number after the first, for each of the 2 trainers."));
    }

    [Test]
    public void Summary_takes_the_largest_difference_and_the_ranges_over_both_models()
    {
        var section = Render("cuda-summary runs/c");

        // Weighted 1.1 and 0.9, host gate 1.2 and 1.0: 0.900–1.200. Largest of 1.5e-8 and 0: 1.5e-8.
        Assert.That(section, Does.Contain("after 30 steps each of 2 trainers had parameters within 1.5e-8 of the same run on the CPU"));
        Assert.That(section, Does.Contain("A generated weighted or gated step took 0.900–1.200 times"));
        Assert.That(section, Does.Contain("a generated separate backward 0.600–0.800"));
        Assert.That(section, Does.Contain("The device-side gate took 1.300 times the host gate's time on the small model (S) and 0.700 on the large one (L)"));
        Assert.That(section, Does.Contain("PCGrad 1.500 times a weighted step."));
    }

    [Test]
    public void A_record_without_a_field_or_of_another_kind_is_an_error_naming_the_file()
    {
        WriteRun(MadeUpRun.Replace("\"date\": \"2026-01-02\",", ""));
        Assert.That(() => Render("cuda-record runs/c"), Throws.TypeOf<DocTablesException>().With.Message.Contains("run.json"));

        WriteRun(MadeUpRun.Replace("\"kind\": \"cuda\"", "\"kind\": \"digits\""));
        Assert.That(() => Render("cuda-record runs/c"), Throws.TypeOf<DocTablesException>().With.Message.Contains("\"kind\": \"cuda\""));
    }

    [Test]
    public void The_recorded_runs_ratios_agree_with_their_times_and_its_values_are_in_range()
    {
        var run = CudaRun.Load(Repository.Root, RecordedRun);
        // A ratio is the median of per-round ratios, not the quotient of the median times, but it cannot be far from it:
        // a digit typed wrong would be.
        var timings = run.Timing.Pairs.SelectMany(p => new[] { (p.Label + " small", p.Small), (p.Label + " large", p.Large) });

        Assert.Multiple(() =>
        {
            foreach (var (name, timing) in timings)
                Assert.That(timing.Ratio, Is.EqualTo(timing.AMicroseconds / timing.BMicroseconds).Within(5).Percent, name);
            Assert.That(run.Equality.CpuVsCuda.Concat(run.Equality.GeneratedVsHandOnCuda).Select(t => t.MaxAbsDifference),
                Has.All.InRange(0.0, 1e-6), "float32 rounding, not a different training");
            Assert.That(run.Digits.TestAccuracy.SelectMany(a => new[] { a.Cuda, a.Cpu }), Has.All.InRange(0.9, 1.0));
            Assert.That(run.Commit, Does.Match("^[0-9a-f]{40}$"));
        });
    }

    private string Render(string directive) =>
        GeneratedSections.Regenerate($"<!-- generated: {directive} -->\n<!-- end generated -->", "docs/page.md", root);

    private void WriteRun(string json) => File.WriteAllText(Path.Combine(root, "runs", "c", "run.json"), json);

    private const string MadeUpRun = """
        {
          "kind": "cuda",
          "what": "W",
          "commit": "abcdef0123456789abcdef0123456789abcdef01",
          "date": "2026-01-02",
          "how": "H.",
          "machine": { "gpu": "GPU", "gpuMemoryGiB": 8, "libtorch": "2.0", "cuda": "12.0", "torchSharp": "0.1", "note": "N." },
          "equality": {
            "setup": "setup", "steps": 30,
            "cpuVsCuda": [ { "trainer": "a", "maxAbsDifference": 1.5e-8 }, { "trainer": "b", "maxAbsDifference": 0 } ],
            "generatedVsHandOnCuda": [ { "trainer": "a", "maxAbsDifference": 0 } ],
            "liveTensors": { "steps": 1000, "trainers": 2, "unchanged": true }
          },
          "timing": {
            "setup": "Adam, medians",
            "models": { "small": "S", "large": "L" },
            "pairs": [
              { "label": "weighted, generated / hand", "small": { "ratio": 1.1, "aMicroseconds": 1100, "bMicroseconds": 1000 }, "large": { "ratio": 0.9, "aMicroseconds": 9000, "bMicroseconds": 10000 } },
              { "label": "separate backward, generated / hand", "small": { "ratio": 0.8, "aMicroseconds": 800, "bMicroseconds": 1000 }, "large": { "ratio": 0.6, "aMicroseconds": 6000, "bMicroseconds": 10000 } },
              { "label": "host gate, generated / hand", "small": { "ratio": 1.2, "aMicroseconds": 1200, "bMicroseconds": 1000 }, "large": { "ratio": 1.0, "aMicroseconds": 10000, "bMicroseconds": 10000 } },
              { "label": "device gate / host gate, both generated", "small": { "ratio": 1.3, "aMicroseconds": 1300, "bMicroseconds": 1000 }, "large": { "ratio": 0.7, "aMicroseconds": 7000, "bMicroseconds": 10000 } },
              { "label": "PCGrad / weighted, both generated", "small": { "ratio": 1.5, "aMicroseconds": 1500, "bMicroseconds": 1000 }, "large": { "ratio": 1.5, "aMicroseconds": 15000, "bMicroseconds": 10000 } }
            ],
            "pytorchEager": { "setup": "eager", "loops": [ { "loop": "weighted", "pair": "weighted, generated / hand", "smallMicroseconds": 1050, "largeMicroseconds": 9500 } ] }
          },
          "digits": { "command": "digits", "epochs": 2, "exitCode": 0, "cudaSeconds": 4, "cpuSeconds": 2,
                      "testAccuracy": [ { "strategy": "a", "cuda": 0.9, "cpu": 0.8 } ] }
        }
        """;
}
