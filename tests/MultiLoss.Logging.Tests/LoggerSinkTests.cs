using System.Linq;
using Microsoft.Extensions.Logging;
using NUnit.Framework;

namespace MultiLoss.Logging.Tests;

/// <summary><see cref="LoggerReportSink"/>: one entry per step or window, every value a structured property under its own name.</summary>
[TestFixture]
public sealed class LoggerSinkTests
{
    [Test]
    public void Per_step_each_entry_holds_the_step_and_every_value_by_name()
    {
        var provider = new CapturingLoggerProvider();
        var visitor = new ReportsVisitor(new TrainingReports(1, new LoggerReportSink(provider.CreateLogger("Training"), LogLevel.Debug, new EventId(7, "Step"))));
        TrainerRuns.Run(TrainerRuns.Phased, 7, visitor);
        visitor.Reports.Dispose();

        var reads = visitor.Reads;
        Assert.That(provider.Entries, Has.Count.EqualTo(7));
        Assert.Multiple(() =>
        {
            for (var s = 0; s < 7; s++)
            {
                var entry = provider.Entries[s];
                Assert.That((entry.Level, entry.EventId.Id), Is.EqualTo((LogLevel.Debug, 7)));
                Assert.That(entry.Properties.Select(p => p.Key), Is.EqualTo(new[] { "StepNumber", "FirstStepNumber", "StepCount" }.Concat(reads.Names)));
                Assert.That((entry["StepNumber"], entry["FirstStepNumber"], entry["StepCount"]), Is.EqualTo(((object)(s + 1L), (object)(s + 1L), (object)1)));
                for (var i = 0; i < reads.Names.Count; i++)
                    Assert.That(entry[reads.Names[i]], Is.EqualTo(reads.Values[s][i]), $"step {s + 1}: {reads.Names[i]}");
            }
            Assert.That(provider.Entries[0]["Magnitude"], Is.NaN, "phase 1 does not compute Magnitude");
            Assert.That(provider.Entries[0].Message, Does.Match(@"^step 1: Classification=\S+ Magnitude=NaN Total=\S+ Phase=1$"));
        });
    }

    [Test]
    public void Per_window_each_entry_holds_the_windows_steps_and_means()
    {
        var provider = new CapturingLoggerProvider();
        var visitor = new ReportsVisitor(new TrainingReports(5, new LoggerReportSink(provider.CreateLogger("Training"))));
        TrainerRuns.Run(TrainerRuns.DeviceGate, 12, visitor);
        visitor.Reports.Dispose();

        var reads = visitor.Reads;
        Assert.That(provider.Entries.Select(e => (e["FirstStepNumber"], e["StepNumber"], e["StepCount"])),
            Is.EqualTo(new[] { ((object)1L, (object)5L, (object)5), (6L, 10L, 5), (11L, 12L, 2) }));
        Assert.Multiple(() =>
        {
            foreach (var (entry, first) in provider.Entries.Zip(new[] { 0, 5, 10 }))
            {
                var count = (int)entry["StepCount"]!;
                for (var i = 0; i < reads.Names.Count; i++)
                    Assert.That((double)entry[reads.Names[i]]!, Is.EqualTo(reads.MeanOver(first, count, i).Mean).Within(1e-12).Percent, reads.Names[i]);
            }
            Assert.That(provider.Entries[0].Message, Does.StartWith("steps 1-5 (mean of 5): Classification="));
        });
    }

    [Test]
    public void Below_the_loggers_level_nothing_is_logged_and_no_value_is_read()
    {
        var provider = new CapturingLoggerProvider { MinimumLevel = LogLevel.Warning };
        using var reports = new TrainingReports(1, new LoggerReportSink(provider.CreateLogger("Training"), LogLevel.Information));
        var visitor = new CountingReportsVisitor(reports);

        TrainerRuns.Run(TrainerRuns.HostGate, 4, visitor);

        Assert.Multiple(() =>
        {
            Assert.That(provider.Entries, Is.Empty);
            Assert.That(visitor.Counter.Reads, Is.Zero, "values read although no sink wanted them");
        });
    }

    [Test]
    public void A_step_read_for_an_enabled_logger_copies_the_device_values_once_per_value()
    {
        var provider = new CapturingLoggerProvider();
        using var reports = new TrainingReports(1, new LoggerReportSink(provider.CreateLogger("Training")));
        var visitor = new CountingReportsVisitor(reports);

        TrainerRuns.Run(TrainerRuns.HostGate, 4, visitor);

        // The control for the test above: the same run, logged, reads each of its three device values every step.
        Assert.That(visitor.Counter.Reads, Is.EqualTo(4 * 3));
    }

    private sealed class CountingReportsVisitor(TrainingReports reports) : IStepVisitor
    {
        public DeviceReadCounter Counter { get; } = new();

        public void Visit<TReport>(TReport report) where TReport : ITrainingReport => reports.Add(new CountingReport<TReport>(report, Counter));
    }
}
