using System;
using MultiLoss.Runtime;
using NUnit.Framework;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

public sealed class ReportLayoutTests
{
    private static readonly ReportValueName A = new("A", ReportValueKind.Loss);
    private static readonly ReportValueName B = new("B", ReportValueKind.Loss);
    private static readonly ReportValueName Total = new("Total", ReportValueKind.Total);

    [Test]
    public void The_losses_come_first_then_the_total()
    {
        Assert.That(() => new ReportLayout(2, Total, A), Throws.ArgumentException);
        Assert.That(() => new ReportLayout(1, A), Throws.ArgumentException, "no total");
        Assert.That(() => new ReportLayout(2, A, new ReportValueName("Phase", ReportValueKind.Phase)), Throws.ArgumentException);
        Assert.That(() => new ReportLayout(1, A, Total), Throws.TypeOf<ArgumentOutOfRangeException>(), "the total lives on the device");
        Assert.That(() => new ReportLayout(3, A, Total), Throws.TypeOf<ArgumentOutOfRangeException>());

        var layout = new ReportLayout(3, A, B, Total);
        Assert.That(layout.LossNames, Is.EqualTo(new[] { "A", "B" }));
        Assert.That(layout.Names, Is.EqualTo(new[] { "A", "B", "Total" }));
        Assert.That(layout.LossCount, Is.EqualTo(2));
    }

    [Test]
    public void Format_writes_the_losses_the_total_the_phase_the_flags_and_the_gates_in_loss_order()
    {
        // B's gate is on the device, A's on the host: the line names them in the losses' order all the same.
        var layout = new ReportLayout(4, A, B, Total, new("BGateOpen", ReportValueKind.GateOpen, "B"),
            new("AGateOpen", ReportValueKind.GateOpen, "A"), new("Phase", ReportValueKind.Phase),
            new("Skipped", ReportValueKind.Skipped), new("FellBack", ReportValueKind.FellBack));
        using var values = new StepValues(layout);
        using var scope = NewDisposeScope();
        using (var writer = values.BeginStep())
        {
            writer.Set(0, tensor(0.5));
            writer.Set(2, tensor(1.25));
            writer.Set(3, tensor(0.0));
        }
        values.Set(4, true);
        values.Set(5, 2);
        values.Set(6, false);
        values.Set(7, true);

        Assert.That(values.Report().ToString(), Is.EqualTo("step 1: A=0.5 B=NaN Total=1.25 Phase=2 (fell back) AGate=open BGate=closed"));
        var evaluation = new ReportLayout(3, A, B, Total);
        using var evaluations = new StepValues(evaluation);
        using (var writer = evaluations.BeginStep()) writer.Set(2, tensor(1.0 / 3));
        Assert.That(evaluations.ReportAfter(12).ToString(), Is.EqualTo("evaluation after step 12: A=NaN B=NaN Total=0.333333"));
        Assert.That(evaluations.ReportAfter(12).IsEvaluation, Is.True);
        Assert.That(values.Report().IsEvaluation, Is.False);
    }

    [Test]
    public void A_default_report_names_the_mistake()
    {
        var report = default(StepReport);
        Assert.That(() => report.GetValue(0), Throws.InvalidOperationException.With.Message.Contains("not returned by a step"));
        Assert.That(report.ToString(), Is.EqualTo("(no step)"));
    }
}
