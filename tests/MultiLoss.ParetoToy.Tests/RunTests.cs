using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Digits.App;
using MultiLoss.Runtime;
using NUnit.Framework;
using ParetoToy.App;
using ParetoToy.Experiments;
using ParetoToy.Problem;
using ParetoToy.Reporting;
using ParetoToy.Trainers;

namespace MultiLoss.ParetoToy.Tests;

/// <summary>The app end to end on a short schedule, its bad input, and one run long enough to reach the Pareto set.</summary>
public sealed class RunTests
{
    [OneTimeSetUp]
    public void LoadTorch() => TorchNative.EnsureAvailable();

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = ToyApp.Run(args, new ConsoleStreams(output, error, Interactive: false));
        return (exitCode, output.ToString(), error.ToString());
    }

    [Test]
    public void A_short_run_writes_the_figure_and_a_summary_of_every_run()
    {
        var folder = Path.Combine(Path.GetTempPath(), "pareto-toy-tests-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, output, error) = Run("--method", "mean,cagrad", "--steps", "40", "--lr", "0.01", "--out", folder);

            Assert.That(exitCode, Is.EqualTo(ExitCodes.Success), error);
            var png = File.ReadAllBytes(Path.Combine(folder, TrajectoryPlot.FileName));
            Assert.That(png.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "a PNG");
            Assert.That(png.Length, Is.GreaterThan(10_000));

            using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, ToySummary.FileName)));
            var root = summary.RootElement;
            Assert.That(root.GetProperty("steps").GetInt32(), Is.EqualTo(40));
            var runs = root.GetProperty("runs").EnumerateArray().ToArray();
            Assert.That(runs.Select(r => r.GetProperty("method").GetString() + r.GetProperty("start").GetInt32()),
                Is.EqualTo(new[] { "mean1", "mean2", "mean3", "cagrad1", "cagrad2", "cagrad3" }));
            var set = ParetoSet.Compute();
            foreach (var run in runs)
            {
                var (x1, x2) = (run.GetProperty("endX1").GetDouble(), run.GetProperty("endX2").GetDouble());
                var start = StartingPoints.Paper[run.GetProperty("start").GetInt32() - 1];
                var moved = Math.Sqrt(Math.Pow(x1 - start.X1, 2) + Math.Pow(x2 - start.X2, 2));
                Assert.That(moved, Is.GreaterThan(0.1).And.LessThan(40 * 0.01 * 1.5), "Adam moves each coordinate by about the learning rate per step");
                Assert.That(run.GetProperty("distanceToParetoSet").GetDouble(), Is.EqualTo(set.DistanceTo(x1, x2)).Within(1e-9));
                Assert.That(run.GetProperty("reached").GetBoolean(), Is.False, "40 steps are far too few");
            }
            Assert.That(output, Does.Contain("mean         no   no   no"));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [TestCase("--method", "adam")]
    [TestCase("--steps", "0")]
    [TestCase("--lr", "-1")]
    public void Bad_input_is_one_line_and_exit_code_2(string option, string value)
    {
        var (exitCode, _, error) = Run(option, value);
        Assert.That(exitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(error, Does.Contain(option.TrimStart('-')));
    }

    [Test]
    public void MGDA_from_the_lower_start_reaches_the_Pareto_set()
    {
        var mgda = ToyMethods.All.Single(m => m.Name == "mgda");
        var start = StartingPoints.Paper[1];
        var criterion = new ParetoCriterion(ParetoSet.Compute());

        var early = criterion.Judge(TrajectoryRun.Run(mgda, start, new ToySchedule(100, 0.01)).Trajectory.End);
        var late = criterion.Judge(TrajectoryRun.Run(mgda, start, new ToySchedule(1500, 0.01)).Trajectory.End);

        Assert.That(early.Reached, Is.False, "not after 100 steps");
        Assert.That(late.Reached, Is.True, $"ended {late.DistanceToParetoSet} from the set");
        Assert.That(late.StationarityResidual, Is.LessThan(early.StationarityResidual));
    }

    [Test]
    public void NashMtl_runs_past_the_steps_where_its_solver_stopped_the_toy_at_lr_0_01()
    {
        // Before the cosines were clamped, the start 1 run stopped at step 290 and another at 1,310 with a NaN residual.
        var nash = ToyMethods.All.Single(m => m.Name == "nashmtl");

        foreach (var start in StartingPoints.Paper)
        {
            var (trajectory, _, failure) = TrajectoryRun.Run(nash, start, new ToySchedule(1500, 0.01));

            Assert.That(failure, Is.Null, $"from start {start.Number}");
            Assert.That(double.IsFinite(trajectory.End.X1) && double.IsFinite(trajectory.End.X2), Is.True);
        }
    }
}
