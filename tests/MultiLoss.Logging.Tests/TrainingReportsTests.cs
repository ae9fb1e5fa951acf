using System;
using System.Collections.Generic;
using NUnit.Framework;

namespace MultiLoss.Logging.Tests;

/// <summary><see cref="TrainingReports"/>: which sinks get what, and what disposing does.</summary>
[TestFixture]
public sealed class TrainingReportsTests
{
    [Test]
    public void Every_enabled_sink_gets_each_write_and_a_disabled_one_none()
    {
        var first = new RecordingSink();
        var off = new RecordingSink { Enabled = false };
        var last = new RecordingSink();
        var visitor = new ReportsVisitor(new TrainingReports(2, first, off, last));

        TrainerRuns.Run(TrainerRuns.Uncertainty, 6, visitor);

        Assert.Multiple(() =>
        {
            Assert.That(first.Written, Has.Count.EqualTo(3));
            Assert.That(last.Written, Is.EqualTo(first.Written).Using<ReportSnapshot>(SameValues));
            Assert.That(off.Written, Is.Empty);
        });
        visitor.Reports.Dispose();
    }

    [Test]
    public void Disposing_writes_the_unfinished_window_then_disposes_every_sink_once()
    {
        var sinks = new[] { new RecordingSink(), new RecordingSink() };
        var visitor = new ReportsVisitor(new TrainingReports(4, sinks));
        TrainerRuns.Run(TrainerRuns.HostGate, 6, visitor);

        visitor.Reports.Dispose();
        visitor.Reports.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(sinks[0].Written.ConvertAll(w => (w.FirstStep, w.LastStep)), Is.EqualTo(new[] { (1L, 4L), (5L, 6L) }));
            Assert.That(sinks[0].Disposals, Is.EqualTo(1));
            Assert.That(sinks[1].Disposals, Is.EqualTo(1));
            Assert.That(() => visitor.Reports.Flush(), Throws.TypeOf<ObjectDisposedException>());
        });
    }

    [Test]
    public void A_sink_that_fails_to_dispose_does_not_keep_the_others_from_being_disposed()
    {
        var failing = new RecordingSink { FailOnDispose = true };
        var other = new RecordingSink();
        var reports = new TrainingReports(1, failing, other);

        Assert.That(reports.Dispose, Throws.TypeOf<AggregateException>());
        Assert.That(other.Disposals, Is.EqualTo(1));
    }

    [Test]
    public void Per_step_reports_of_another_trainer_type_are_refused()
    {
        using var reports = new TrainingReports(1, new RecordingSink());
        TrainerRuns.Run(TrainerRuns.HostGate, 1, new ReportsVisitor(reports));

        Assert.That(() => TrainerRuns.Run(TrainerRuns.Phased, 1, new ReportsVisitor(reports)),
            Throws.InvalidOperationException.With.Message.Contains("Reports of one type only"));
    }

    [Test]
    public void A_trainers_evaluations_after_its_steps_are_refused()
    {
        using var reports = new TrainingReports(3, new RecordingSink());
        TrainerRuns.Run(TrainerRuns.HostGate, 1, new ReportsVisitor(reports));

        Assert.That(() => TrainerRuns.Run(TrainerRuns.HostGate, 1, new ReportsVisitor(reports), evaluations: true),
            Throws.InvalidOperationException.With.Message.Contains("steps or of evaluations, not both"));
    }

    [Test]
    public void Arguments_are_checked()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new TrainingReports(0), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new TrainingReports(1, null!), Throws.ArgumentNullException);
            Assert.That(() => new TrainingReports(1, new RecordingSink(), null!), Throws.ArgumentNullException);
        });
    }

    private static bool SameValues(ReportSnapshot a, ReportSnapshot b) =>
        a.FirstStep == b.FirstStep && a.LastStep == b.LastStep && a.StepCount == b.StepCount
        && a.Values.AsSpan().SequenceEqual(b.Values) && a.Counts.AsSpan().SequenceEqual(b.Counts);

    private sealed class RecordingSink : IReportSink
    {
        public bool Enabled { get; init; } = true;

        public bool FailOnDispose { get; init; }

        public List<ReportSnapshot> Written { get; } = [];

        public int Disposals { get; private set; }

        public bool IsEnabled => Enabled;

        public void Write(ReportValues values) => Written.Add(ReportSnapshot.Of(values));

        public void Dispose()
        {
            Disposals++;
            if (FailOnDispose) throw new InvalidOperationException("dispose failed");
        }
    }
}
