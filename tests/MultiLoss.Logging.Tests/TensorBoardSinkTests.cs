using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MultiLoss.Logging.Tests.EventFormat;
using NUnit.Framework;

namespace MultiLoss.Logging.Tests;

/// <summary><see cref="TensorBoardReportSink"/>: the event file read back holds each value under its tag, at its step.</summary>
[TestFixture]
public sealed class TensorBoardSinkTests
{
    private string folder = null!;

    [SetUp]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("multiloss-tensorboard-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    [Test]
    public void Per_step_every_reported_value_is_a_scalar_at_its_step_and_a_loss_not_computed_is_left_out()
    {
        var visitor = new ReportsVisitor(new TrainingReports(1, new TensorBoardReportSink(folder)));
        TrainerRuns.Run(TrainerRuns.HostGate, 8, visitor);
        visitor.Reports.Dispose();

        var expected = new List<Scalar>();
        var reads = visitor.Reads;
        var tags = new[] { "loss/Classification", "loss/Magnitude", "loss/Total", "gate/Magnitude" };
        Assert.That(reads.Names, Is.EqualTo(new[] { "Classification", "Magnitude", "Total", "MagnitudeGateOpen" }));
        for (var s = 0; s < reads.Values.Count; s++)
        {
            for (var i = 0; i < tags.Length; i++)
            {
                if (!double.IsNaN(reads.Values[s][i])) expected.Add(new Scalar(tags[i], (float)reads.Values[s][i], reads.StepNumbers[s]));
            }
        }

        var written = EventFile.ReadScalars(folder);
        Assert.That(written, Is.EqualTo(expected));
        Assert.That(IndependentEventReader.ReadScalars(folder), Is.EqualTo(expected), "the test's own reader (checksums checked)");
        Assert.That(reads.Values.Any(v => double.IsNaN(v[1])), Is.True, "some step had the gate closed (a NaN left out)");
    }

    [Test]
    public void Per_window_each_value_is_its_mean_at_the_windows_last_step_and_disposing_writes_the_unfinished_window()
    {
        var visitor = new ReportsVisitor(new TrainingReports(4, new TensorBoardReportSink(folder)));
        TrainerRuns.Run(TrainerRuns.Controlled, 10, visitor);
        visitor.Reports.Dispose();

        var reads = visitor.Reads;
        var written = EventFile.ReadScalars(folder);
        Assert.That(IndependentEventReader.ReadScalars(folder), Is.EqualTo(written), "the test's own reader (checksums checked)");
        Assert.That(written.Select(s => s.Step).Distinct(), Is.EqualTo(new[] { 4L, 8L, 10L }));
        Assert.That(written.Select(s => s.Tag).Distinct(), Is.EquivalentTo(new[]
        {
            "loss/Classification", "loss/Magnitude", "loss/Total", "weight/Magnitude", "step/Skipped", "step/OptimizerStepped",
        }));
        Assert.Multiple(() =>
        {
            foreach (var (first, last) in new[] { (0, 4), (4, 8), (8, 10) })
            {
                foreach (var (tag, name) in new[] { ("loss/Classification", "Classification"), ("weight/Magnitude", "MagnitudeWeight"), ("step/Skipped", "Skipped") })
                {
                    var mean = reads.MeanOver(first, last - first, reads.IndexOf(name)).Mean;
                    Assert.That(written.Single(s => s.Step == last && s.Tag == tag).Value, Is.EqualTo((float)mean), $"{tag} at step {last}");
                }
            }
        });
    }

    [Test]
    public void Tags_come_from_the_given_function_once_per_value_and_null_leaves_a_value_out()
    {
        var asked = new List<string>();
        var sink = new TensorBoardReportSink(folder, value =>
        {
            asked.Add(value.Name);
            return value.Kind == ReportValueKind.GateOpen ? null : ReportTags.Default(value).ToLowerInvariant();
        });
        var visitor = new ReportsVisitor(new TrainingReports(1, sink));
        TrainerRuns.Run(TrainerRuns.HostGate, 6, visitor);
        visitor.Reports.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(EventFile.ReadScalars(folder).Select(s => s.Tag).Distinct(),
                Is.EquivalentTo(new[] { "loss/classification", "loss/magnitude", "loss/total" }));
            Assert.That(asked, Is.EqualTo(new[] { "Classification", "Magnitude", "Total", "MagnitudeGateOpen" }));
        });
    }

    [Test]
    public void A_disposed_sink_refuses_to_write()
    {
        var sink = new TensorBoardReportSink(folder);
        sink.Dispose();
        sink.Dispose();

        Assert.That(sink.IsEnabled, Is.False);
        Assert.Throws<ObjectDisposedException>(() => sink.Write(null!));
    }
}
