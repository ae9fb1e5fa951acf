using System;
using System.IO;
using DocTables;
using NUnit.Framework;

namespace MultiLoss.Docs.Tests;

/// <summary>eng/DocTables' Pareto toy table on a small made-up run: one method, two starting points, one reached.</summary>
public sealed class ToyDocTablesTests
{
    private string root = null!;

    [SetUp]
    public void CreateRun()
    {
        root = Path.Combine(Path.GetTempPath(), "toy-tables-" + Guid.NewGuid().ToString("N"));
        var folder = Path.Combine(root, "runs", "t");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "summary.json"), """
            { "steps": 500, "learningRate": 0.01, "optimizer": "Adam", "reachTolerance": 0.05,
              "runs": [
                { "method": "m", "start": 2, "startX1": -8.5, "startX2": -5, "endX1": -0.004, "endX2": -8.434, "distanceToParetoSet": 0.001, "reached": true },
                { "method": "m", "start": 1, "startX1": -8.5, "startX2": 7.5, "endX1": -5.0581, "endX2": 2.1672, "distanceToParetoSet": 10.6019, "reached": false } ] }
            """);
        File.WriteAllText(Path.Combine(folder, "run.json"), """
            { "command": "toy --lr 0.01", "commit": "0123456789abcdef", "date": "2026-01-02T03:04:05Z", "durationSeconds": 12.34,
              "machine": { "cpu": "CPU", "cores": 2, "os": "OS", "kernel": "k", "dotnetSdk": "10.0.1", "torchSharp": "0.1",
                           "loadAverageBefore": 1.5, "loadAverageAfter": 2 } }
            """);
    }

    [TearDown]
    public void DeleteRun() => Directory.Delete(root, recursive: true);

    [Test]
    public void Each_start_is_a_column_in_order_and_a_miss_shows_its_distance_and_minus_zero_is_zero()
    {
        var section = GeneratedSections.Regenerate("<!-- generated: toy-reach runs/t -->\n<!-- end generated -->", "docs/page.md", root);

        Assert.That(section, Is.EqualTo("""
            <!-- generated: toy-reach runs/t -->

            | aggregation | from (-8.5, 7.5) | from (-8.5, -5) | reached |
            |---|---:|---:|---:|
            | m | (-5.06, 2.17), 10.60 away | **reached** (0.00, -8.43) | 1 of 2 |

            From [`runs/t`](../runs/t) (`toy --lr 0.01`, commit `0123456`): each run's end point after 500 Adam steps at learning rate 0.01; **reached**: within 0.05 of the Pareto set, else its distance to it.

            <!-- end generated -->
            """));
    }
}
