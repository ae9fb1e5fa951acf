using System;
using MultiLoss.Runtime;
using NUnit.Framework;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

[TestFixture]
public sealed class StepValuesTests
{
    [Test]
    public void Values_not_written_in_a_step_read_as_NaN()
    {
        using var values = new StepValues(Layout("A", "B"));
        using var scope = NewDisposeScope();
        using (var writer = values.BeginStep())
        {
            writer.Set(0, tensor(1.5f));
            writer.Set(2, tensor(2.5f));
        }

        Assert.That(values.Read(0, values.Step), Is.EqualTo(1.5));
        Assert.That(values.Read(1, values.Step), Is.NaN);
        Assert.That(values.Read(2, values.Step), Is.EqualTo(2.5));

        using (var writer = values.BeginStep())
        {
            writer.Set(1, tensor(4.0));
        }
        Assert.That(values.Read(0, values.Step), Is.NaN);
        Assert.That(values.Read(1, values.Step), Is.EqualTo(4.0));
    }

    [Test]
    public void Amending_a_step_keeps_its_values_and_reads_the_new_ones_after_an_earlier_read()
    {
        using var values = new StepValues(Layout("A", "B"));
        using var scope = NewDisposeScope();
        using (var writer = values.BeginStep())
        {
            writer.Set(0, tensor(1.5f));
        }
        Assert.That(values.Read(2, values.Step), Is.NaN, "read before the amendment");

        using (var writer = values.Amend())
        {
            writer.Set(2, tensor(7.0));
        }

        Assert.That(values.Read(0, values.Step), Is.EqualTo(1.5), "the step's earlier value stays");
        Assert.That(values.Read(1, values.Step), Is.NaN);
        Assert.That(values.Read(2, values.Step), Is.EqualTo(7.0), "the amended value, not the host copy taken before it");
    }

    [Test]
    public void Recording_does_not_attach_the_buffer_to_the_graph()
    {
        using var values = new StepValues(Layout("A"));
        using var scope = NewDisposeScope();
        var weight = ones(1, requires_grad: true);
        var loss = (weight * 3).sum();
        using (var writer = values.BeginStep())
        {
            writer.Set(0, loss);
        }

        Assert.That(is_grad_enabled(), Is.True, "the writer must restore grad mode");
        loss.backward();
        Assert.That(values.Read(0, values.Step), Is.EqualTo(3.0));
    }

    [Test]
    public void More_device_values_than_the_buffer_holds_are_rejected()
    {
        var names = new string[StepValues.MaxCount];
        for (var i = 0; i < names.Length; i++) names[i] = "L" + i;
        Assert.That(() => new StepValues(Layout(names)), Throws.TypeOf<ArgumentOutOfRangeException>(), "64 losses and the total");
        Assert.That(() => new StepValues(Layout(names[..^1])), Throws.Nothing);
    }

    [Test]
    public void Host_values_are_the_steps_own_and_go_stale_with_it()
    {
        var layout = new ReportLayout(deviceValueCount: 2,
            new ReportValueName("A", ReportValueKind.Loss), new ReportValueName("Total", ReportValueKind.Total),
            new ReportValueName("Phase", ReportValueKind.Phase), new ReportValueName("Skipped", ReportValueKind.Skipped));
        using var values = new StepValues(layout);
        using var scope = NewDisposeScope();
        using (var writer = values.BeginStep()) writer.Set(0, tensor(2.0));
        values.Set(2, 3);
        values.Set(3, true);
        Assert.That(() => values.Set(1, 1.0), Throws.TypeOf<ArgumentOutOfRangeException>(), "the total lives on the device");

        var report = values.Report();
        Assert.That(new[] { report.GetValue(0), report.GetValue(1), report.GetValue(2), report.GetValue(3) }, Is.EqualTo(new[] { 2.0, double.NaN, 3.0, 1.0 }));
        Assert.That(report.ToString(), Is.EqualTo("step 1: A=2 Total=NaN Phase=3 (skipped)"));

        using (var writer = values.BeginStep()) writer.Set(0, tensor(1.0));
        Assert.That(() => report.GetValue(2), Throws.InvalidOperationException, "a host value of an earlier step");
        Assert.That(values.Report().GetValue(2), Is.NaN, "not set this step");
    }

    [Test]
    public void Reading_before_any_step_is_stale()
    {
        using var values = new StepValues(Layout("A"));
        Assert.That(() => values.Read(0, 1), Throws.InvalidOperationException);
    }

    /// <summary>A layout of <paramref name="losses"/> and the total, all on the device.</summary>
    private static ReportLayout Layout(params string[] losses)
    {
        var values = new ReportValueName[losses.Length + 1];
        for (var i = 0; i < losses.Length; i++) values[i] = new ReportValueName(losses[i], ReportValueKind.Loss);
        values[^1] = new ReportValueName("Total", ReportValueKind.Total);
        return new ReportLayout(deviceValueCount: values.Length, values);
    }
}
