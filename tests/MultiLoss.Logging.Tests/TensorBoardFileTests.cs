using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using MultiLoss.Logging.Tests.EventFormat;
using NUnit.Framework;
using TorchSharp;

namespace MultiLoss.Logging.Tests;

/// <summary>
/// The event file <see cref="TensorBoardReportSink"/> writes, read with the test's own reader (TFRecord framing, both
/// masked checksums, protobuf fields decoded by hand) and with TorchSharp's protobuf classes, against reports whose
/// values the tests write down; its flush policy; what it costs per step.
/// </summary>
[TestFixture]
public sealed class TensorBoardFileTests
{
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);
    private string folder = null!;

    [SetUp]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("multiloss-tensorboard-file-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    [Test]
    public void Each_step_is_one_event_at_its_step_with_its_reported_values_and_the_unreported_left_out()
    {
        var before = UnixSeconds();
        using (var reports = new TrainingReports(1, new TensorBoardReportSink(folder)))
        {
            reports.Add(new ScriptedReport(ScriptedReport.GatedLayout, 1, 0.75, double.NaN, 0.75, 0));
            reports.Add(new ScriptedReport(ScriptedReport.GatedLayout, 2, 0.1, 2.5, 1.35, 1));
            reports.Add(new ScriptedReport(ScriptedReport.GatedLayout, 9, 1e-30, -4, double.PositiveInfinity, 1));
            reports.Add(new ScriptedReport(ScriptedReport.GatedLayout, 5_000_000_000, double.NaN, double.NaN, double.NaN, double.NaN));
            reports.Add(new ScriptedReport(ScriptedReport.GatedLayout, 5_000_000_001, 3, double.NaN, 3, 0));
        }
        var after = UnixSeconds();

        var events = IndependentEventReader.ReadEvents(SingleFile());
        Assert.Multiple(() =>
        {
            Assert.That(events[0].FileVersion, Is.EqualTo("brain.Event:2"));
            Assert.That(events.Select(e => e.UnknownFields.Count), Is.All.Zero);
            Assert.That(events.Select(e => e.WallTime), Is.All.InRange(before, after));
            // A step with nothing reported writes no event: its curves have a gap there.
            Assert.That(events.Skip(1).Select(e => e.Step), Is.EqualTo(new[] { 1L, 2L, 9L, 5_000_000_001L }));
            Assert.That(events[1].Summary, Is.EqualTo(new[] { V("loss/Classification", 0.75f), V("loss/Total", 0.75f), V("gate/Parity", 0f) }));
            Assert.That(events[2].Summary, Is.EqualTo(new[]
            {
                V("loss/Classification", 0.1f), V("loss/Parity", 2.5f), V("loss/Total", 1.35f), V("gate/Parity", 1f),
            }));
            Assert.That(events[3].Summary, Is.EqualTo(new[]
            {
                V("loss/Classification", 1e-30f), V("loss/Parity", -4f), V("loss/Total", float.PositiveInfinity), V("gate/Parity", 1f),
            }));
            Assert.That(events[4].Summary, Is.EqualTo(new[] { V("loss/Classification", 3f), V("loss/Total", 3f), V("gate/Parity", 0f) }));
            Assert.That(EventFile.ReadScalars(folder), Is.EqualTo(IndependentEventReader.ReadScalars(folder)), "TorchSharp's protobuf classes read the same");
        });
    }

    [Test]
    public void Tags_of_any_length_and_script_are_written_as_UTF8()
    {
        var longTag = "loss/" + new string('x', 300);
        using (var reports = new TrainingReports(1, new TensorBoardReportSink(folder, v => v.Name switch
        {
            "Classification" => longTag,
            "Parity" => "loss/Größe-損失",
            _ => null,
        })))
        {
            reports.Add(new ScriptedReport(ScriptedReport.GatedLayout, 4, 0.5, 0.25, 0.75, 1));
        }

        var scalars = IndependentEventReader.ReadScalars(folder);
        Assert.That(scalars, Is.EqualTo(new[] { new Scalar(longTag, 0.5f, 4), new Scalar("loss/Größe-損失", 0.25f, 4) }));
        Assert.That(EventFile.ReadScalars(folder), Is.EqualTo(scalars));
    }

    [Test]
    public void Written_steps_wait_in_the_buffer_until_a_flush_and_Dispose_flushes_them()
    {
        var sink = new TensorBoardReportSink(folder, flushInterval: Never);
        var reports = new TrainingReports(1, sink);
        var path = SingleFile();
        Assert.That(sink.FilePath, Is.EqualTo(path));
        Assert.That(StepsOnDisk(path), Is.EqualTo(Array.Empty<long>()), "the version event alone is on disk from the start");

        for (var step = 1; step <= 3; step++) reports.Add(new ScriptedReport(ScriptedReport.GatedLayout, step, 1, 1, 1, 1));
        Assert.That(StepsOnDisk(path), Is.Empty, "three steps in the buffer");

        sink.Flush();
        Assert.That(StepsOnDisk(path), Is.EqualTo(new[] { 1L, 2L, 3L }));

        for (var step = 4; step <= 5; step++) reports.Add(new ScriptedReport(ScriptedReport.GatedLayout, step, 1, 1, 1, 1));
        Assert.That(StepsOnDisk(path), Is.EqualTo(new[] { 1L, 2L, 3L }));

        reports.Dispose();
        Assert.Multiple(() =>
        {
            Assert.That(StepsOnDisk(path), Is.EqualTo(new[] { 1L, 2L, 3L, 4L, 5L }));
            Assert.That(sink.IsEnabled, Is.False);
            Assert.Throws<ObjectDisposedException>(() => sink.Flush());
        });
        File.Delete(path);
        Assert.That(File.Exists(path), Is.False, "the file is closed after Dispose");
    }

    [Test]
    public void With_a_zero_interval_every_write_reaches_the_file()
    {
        using var reports = new TrainingReports(1, new TensorBoardReportSink(folder, flushInterval: TimeSpan.Zero));
        var path = SingleFile();
        for (var step = 1; step <= 3; step++)
        {
            reports.Add(new ScriptedReport(ScriptedReport.GatedLayout, step, 1, 1, 1, 1));
            Assert.That(StepsOnDisk(path), Has.Count.EqualTo(step));
        }
    }

    [TestCase("infinite")]
    [TestCase("max")]
    public void An_infinite_interval_leaves_flushing_to_Flush_and_Dispose(string interval)
    {
        var sink = new TensorBoardReportSink(folder, flushInterval: interval == "max" ? TimeSpan.MaxValue : Timeout.InfiniteTimeSpan);
        using (var reports = new TrainingReports(1, sink))
        {
            for (var step = 1; step <= 3; step++) reports.Add(new ScriptedReport(ScriptedReport.GatedLayout, step, 1, 1, 1, 1));
            Assert.That(StepsOnDisk(sink.FilePath), Is.Empty);
        }
        Assert.That(StepsOnDisk(sink.FilePath), Is.EqualTo(new[] { 1L, 2L, 3L }));
    }

    [Test]
    public void Two_sinks_in_one_folder_write_two_files()
    {
        using (var first = new TrainingReports(1, new TensorBoardReportSink(folder)))
        using (var second = new TrainingReports(1, new TensorBoardReportSink(folder, v => "second/" + v.Name)))
        {
            first.Add(new ScriptedReport(ScriptedReport.GatedLayout, 1, 1, 2, 3, 1));
            second.Add(new ScriptedReport(ScriptedReport.GatedLayout, 1, 1, 2, 3, 1));
        }

        var files = Directory.GetFiles(folder, "events.out.tfevents.*");
        Assert.That(files, Has.Length.EqualTo(2));
        Assert.That(files.Select(f => IndependentEventReader.ReadEvents(f).Skip(1).Single().Summary!.Count), Is.EqualTo(new[] { 4, 4 }));
    }

    [Test]
    public void A_written_step_allocates_nothing()
    {
        var values = Enumerable.Range(0, 8).Select(i => (double)i).ToArray();
        using var reports = new TrainingReports(1, new TensorBoardReportSink(folder, flushInterval: TimeSpan.Zero));
        for (var step = 1; step <= 200; step++) reports.Add(new ScriptedReport(ScriptedReport.GatedLayout, step, values));

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var step = 201; step <= 1200; step++) reports.Add(new ScriptedReport(ScriptedReport.GatedLayout, step, values));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        // Every one of these writes also flushed (interval zero), so the file stream's write path is in it too.
        Assert.That(allocated, Is.Zero, "bytes allocated by 1000 written and flushed steps");
    }

    [Test]
    public void A_run_with_the_sink_leaves_as_many_tensors_alive_as_the_same_run_without_it()
    {
        // The test trainers' runs themselves leave a couple of tensors alive (the same number every run), so the sink is
        // compared with the same run without a sink.
        var withoutSink = LiveTensorsLeftBy(new TrainingReports(1));
        var withSink = LiveTensorsLeftBy(new TrainingReports(1, new TensorBoardReportSink(folder)));

        Assert.That(withSink, Is.EqualTo(withoutSink));
        Assert.That(IndependentEventReader.ReadScalars(folder).Select(s => s.Step).Distinct(), Is.EqualTo(new[] { 1L, 2L, 3L, 4L, 5L, 6L }));
    }

    [Test]
    public void A_folder_that_cannot_be_created_gets_an_error_that_names_it()
    {
        var file = Path.Combine(folder, "a-file");
        File.WriteAllText(file, "");

        var error = Assert.Throws<IOException>(() => new TensorBoardReportSink(Path.Combine(file, "runs")))!;
        Assert.That(error.Message, Does.Contain(Path.Combine(file, "runs")).And.Contain("Pass a folder that this process can create and write to"));
    }

    [Test]
    public void A_missing_folder_or_a_negative_interval_is_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentNullException>(() => new TensorBoardReportSink(null!));
            Assert.Throws<ArgumentException>(() => new TensorBoardReportSink(" "));
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TensorBoardReportSink(folder, flushInterval: TimeSpan.FromSeconds(-1)))!;
            Assert.That(error.Message, Does.Contain("TimeSpan.Zero"));
            Assert.That(Directory.GetFiles(folder), Is.Empty, "no file left behind");
        });
    }

    private static long LiveTensorsLeftBy(TrainingReports reports)
    {
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (reports) TrainerRuns.Run(TrainerRuns.DeviceGate, 6, new ReportsVisitor(reports));
        return DisposeScopeManager.Statistics.ThreadTotalLiveCount - live;
    }

    private static ParsedValue V(string tag, float value) => new(tag, value);

    private string SingleFile() => Directory.GetFiles(folder, "events.out.tfevents.*").Single();

    /// <summary>The steps of the events that have reached the file so far (after the version event, which must be first).</summary>
    private static List<long> StepsOnDisk(string path)
    {
        var events = IndependentEventReader.ReadEvents(path);
        Assert.That(events[0].FileVersion, Is.EqualTo("brain.Event:2"));
        return events.Skip(1).Select(e => e.Step).ToList();
    }

    private static double UnixSeconds() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;
}
