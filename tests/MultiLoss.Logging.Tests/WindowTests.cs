using System;
using System.Collections.Generic;
using NUnit.Framework;

namespace MultiLoss.Logging.Tests;

/// <summary>
/// <see cref="ReportWindow"/> against the steps' own values: each window's mean of a value is its mean over the steps of
/// the window that reported it (NaN left out; NaN when none did), flags become fractions, and adding a step reads no
/// device value on the host.
/// </summary>
[TestFixture]
public sealed class WindowTests
{
    private const int Length = 4;
    private const int Steps = 14;   // three whole windows and one of two steps, ended early

    [TestCaseSource(typeof(TrainerRuns), nameof(TrainerRuns.All))]
    public void Each_windows_means_and_counts_are_those_of_the_steps_own_values(string trainer)
    {
        var (reads, windows) = RunWindows(trainer);

        Assert.That(windows, Has.Count.EqualTo(4));
        Assert.Multiple(() =>
        {
            for (var w = 0; w < windows.Count; w++)
            {
                var first = w * Length;
                var count = Math.Min(Length, Steps - first);
                var window = windows[w];
                Assert.That((window.FirstStep, window.LastStep, window.StepCount), Is.EqualTo((first + 1L, (long)first + count, count)), $"window {w}");
                for (var i = 0; i < reads.Names.Count; i++)
                {
                    var (mean, reported) = reads.MeanOver(first, count, i);
                    Assert.That(window.Counts[i], Is.EqualTo(reported), $"window {w}: steps that reported {reads.Names[i]}");
                    if (double.IsNaN(mean)) Assert.That(window.Values[i], Is.NaN, $"window {w}: {reads.Names[i]}");
                    else Assert.That(window.Values[i], Is.EqualTo(mean).Within(1e-12).Percent, $"window {w}: {reads.Names[i]}");
                }
            }
        });
    }

    [Test]
    public void A_loss_behind_a_closed_gate_is_left_out_of_its_mean_and_the_gates_mean_is_the_fraction_open()
    {
        var (reads, windows) = RunWindows(TrainerRuns.HostGate);
        var magnitude = reads.IndexOf("Magnitude");
        var gate = reads.IndexOf("MagnitudeGateOpen");

        // The run must have windows in which the gate was open in some steps only, or the test proves nothing.
        var partlyOpen = windows.FindIndex(w => w.Counts[magnitude] > 0 && w.Counts[magnitude] < w.StepCount);
        Assert.That(partlyOpen, Is.Not.Negative, "no window with the gate open in some of its steps only");

        var window = windows[partlyOpen];
        Assert.Multiple(() =>
        {
            Assert.That(window.Values[gate], Is.EqualTo((double)window.Counts[magnitude] / window.StepCount).Within(1e-12));
            Assert.That(window.Values[magnitude], Is.Not.NaN, "the mean over the open steps, not NaN");
        });
    }

    [Test]
    public void A_loss_outside_the_phase_for_a_whole_window_is_NaN_with_a_count_of_0()
    {
        var (reads, windows) = RunWindows(TrainerRuns.Phased);
        var magnitude = reads.IndexOf("Magnitude");
        var phase = reads.IndexOf("Phase");

        Assert.Multiple(() =>
        {
            Assert.That(windows[0].Values[magnitude], Is.NaN);
            Assert.That(windows[0].Counts[magnitude], Is.Zero);
            Assert.That(windows[0].Values[phase], Is.EqualTo(1));
            Assert.That(windows[1].Values[phase], Is.EqualTo((1 + 2 + 2 + 2) / 4.0), "steps 5-8: phase 1 for its fifth step, then 2");
            Assert.That(windows[1].Counts[magnitude], Is.EqualTo(3));
        });
    }

    [Test]
    public void A_skipped_step_counts_in_the_skipped_fraction_and_its_NaN_losses_are_left_out()
    {
        var (reads, windows) = RunWindows(TrainerRuns.Controlled);
        var skipped = reads.IndexOf("Skipped");
        var classification = reads.IndexOf("Classification");
        var stepped = reads.IndexOf("OptimizerStepped");
        var window = windows[(TrainerRuns.SkippedStep - 1) / Length];

        Assert.Multiple(() =>
        {
            Assert.That(window.Values[skipped], Is.EqualTo(1.0 / Length));
            Assert.That(window.Counts[classification], Is.EqualTo(Length - 1), "the NaN input's loss is left out");
            Assert.That(window.Values[stepped], Is.EqualTo(0.5), "the optimizer steps on every second call");
        });
    }

    [TestCase(TrainerRuns.HostGate)]
    [TestCase(TrainerRuns.Uncertainty)]
    public void Windows_of_evaluations_are_the_means_of_the_evaluations_own_values(string trainer)
    {
        using var window = new ReportWindow(Length);
        var visitor = new WindowVisitor(window);
        TrainerRuns.Run(trainer, 8, visitor, evaluations: true);

        var reads = visitor.Reads;
        Assert.That(visitor.Windows, Has.Count.EqualTo(2));
        Assert.That(reads.StepNumbers, Is.EqualTo(new long[] { 1, 2, 3, 4, 5, 6, 7, 8 }), "an evaluation reports the steps taken");
        Assert.Multiple(() =>
        {
            for (var w = 0; w < 2; w++)
            {
                for (var i = 0; i < reads.Names.Count; i++)
                {
                    var (mean, reported) = reads.MeanOver(w * Length, Length, i);
                    Assert.That(visitor.Windows[w].Counts[i], Is.EqualTo(reported), reads.Names[i]);
                    if (reported > 0) Assert.That(visitor.Windows[w].Values[i], Is.EqualTo(mean).Within(1e-12).Percent, reads.Names[i]);
                }
            }
        });
    }

    [TestCaseSource(typeof(TrainerRuns), nameof(TrainerRuns.All))]
    public void Adding_a_step_reads_no_device_value_on_the_host(string trainer)
    {
        using var window = new ReportWindow(Length);
        var visitor = new CountingWindowVisitor(window);

        TrainerRuns.Run(trainer, Steps, visitor);

        Assert.That(visitor.Counter.Reads, Is.Zero);
        Assert.That(visitor.Ended, Is.EqualTo(Steps / Length));
    }

    [Test]
    public void A_stale_report_or_one_of_another_trainer_type_is_refused()
    {
        using var window = new ReportWindow(Length);
        var visitor = new KeepFirstVisitor(window);
        TrainerRuns.Run(TrainerRuns.HostGate, 2, visitor);

        Assert.Multiple(() =>
        {
            Assert.That(visitor.AddingTheFirstAgain, Is.TypeOf<InvalidOperationException>().With.Message.Contains("from step 1"));
            Assert.That(() => TrainerRuns.Run(TrainerRuns.Phased, 1, new WindowVisitor(window)),
                Throws.InvalidOperationException.With.Message.Contains("Reports of one type only"));
        });
    }

    [Test]
    public void Means_before_a_window_ended_and_a_window_of_zero_steps_are_refused()
    {
        using var window = new ReportWindow(Length);

        Assert.Multiple(() =>
        {
            Assert.That(() => window.Means, Throws.InvalidOperationException);
            Assert.That(window.EndEarly(), Is.False);
            Assert.That(() => new ReportWindow(0), Throws.TypeOf<ArgumentOutOfRangeException>());
        });
    }

    private static (StepReads Reads, List<ReportSnapshot> Windows) RunWindows(string trainer)
    {
        using var window = new ReportWindow(Length);
        var visitor = new WindowVisitor(window);
        TrainerRuns.Run(trainer, Steps, visitor);
        if (window.EndEarly()) visitor.Windows.Add(ReportSnapshot.Of(window.Means));
        return (visitor.Reads, visitor.Windows);
    }

    private sealed class WindowVisitor(ReportWindow window) : IStepVisitor
    {
        public StepReads Reads { get; } = new();

        public List<ReportSnapshot> Windows { get; } = [];

        public void Visit<TReport>(TReport report) where TReport : ITrainingReport
        {
            if (window.Add(report)) Windows.Add(ReportSnapshot.Of(window.Means));
            Reads.Read(report);
        }
    }

    private sealed class CountingWindowVisitor(ReportWindow window) : IStepVisitor
    {
        public DeviceReadCounter Counter { get; } = new();

        public int Ended { get; private set; }

        public void Visit<TReport>(TReport report) where TReport : ITrainingReport
        {
            if (window.Add(new CountingReport<TReport>(report, Counter))) Ended++;
        }
    }

    /// <summary>At the second step, adds the first step's report again (while the trainer is alive).</summary>
    private sealed class KeepFirstVisitor(ReportWindow window) : IStepVisitor
    {
        private Action? addFirst;

        public Exception? AddingTheFirstAgain { get; private set; }

        public void Visit<TReport>(TReport report) where TReport : ITrainingReport
        {
            if (addFirst is not null)
            {
                try { addFirst(); }
                catch (Exception ex) { AddingTheFirstAgain = ex; }
            }
            window.Add(report);
            addFirst ??= () => window.Add(report);
        }
    }
}
