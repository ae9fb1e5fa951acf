using System.Collections.Generic;
using MultiLoss.Tests.Trainers;
using NUnit.Framework;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// Every generated <c>StepResult</c> is an <see cref="ITrainingReport"/>: each value by index equals the property of the
/// same name, the buffer's values come first, and the names do not change from step to step.
/// </summary>
[TestFixture]
public sealed class TrainingReportTests
{
    private const int Steps = 12;

    [Test]
    public void Host_gate_ramp_skip_and_accumulation_are_reported_by_index()
    {
        using var run = new ThreeHeadRun(seed: 31);
        using var trainer = new ThreeHeadControlled(run.Generated, run.GeneratedOptimizer);

        run.Train(Steps, (step, x, y) =>
        {
            var r = trainer.Step(x, y);
            AssertValues(r, new Dictionary<string, double>
            {
                ["Classification"] = r.Classification,
                ["Parity"] = r.Parity,
                ["Reconstruction"] = r.Reconstruction,
                ["Total"] = r.Total,
                ["ReconstructionWeight"] = r.ReconstructionWeight,
                ["ParityGateOpen"] = r.ParityGateOpen ? 1 : 0,
                ["Skipped"] = r.Skipped ? 1 : 0,
                ["OptimizerStepped"] = r.OptimizerStepped ? 1 : 0,
            }, deviceValues: 4);
        });
    }

    [Test]
    public void Device_gate_and_phase_are_reported_by_index()
    {
        using var run = new ThreeHeadRun(seed: 32);
        using var gated = new ThreeHeadDeviceGate(run.Generated, run.GeneratedOptimizer);
        using var phasedNet = new ThreeHeadNet(33);
        using var phasedOptimizer = optim.Adam(phasedNet.parameters(), 0.01);
        using var phased = new ThreeHeadPhased(phasedNet, phasedOptimizer);

        run.Train(Steps, (step, x, y) =>
        {
            var r = gated.Step(x, y);
            AssertValues(r, new Dictionary<string, double>
            {
                ["Classification"] = r.Classification,
                ["Parity"] = r.Parity,
                ["Reconstruction"] = r.Reconstruction,
                ["Total"] = r.Total,
                ["ParityGateOpen"] = r.ParityGateOpen ? 1 : 0,
            }, deviceValues: 5);

            var p = phased.Step(x, y);
            AssertValues(p, new Dictionary<string, double>
            {
                ["Classification"] = p.Classification,
                ["Parity"] = p.Parity,
                ["Reconstruction"] = p.Reconstruction,
                ["Total"] = p.Total,
                ["Phase"] = p.Phase,
            }, deviceValues: 4);
        });
    }

    [Test]
    public void Adaptive_weights_are_reported_by_index()
    {
        using var run = new ThreeHeadRun(seed: 34);
        using var uncertainty = new ThreeHeadUncertainty(run.Generated, run.GeneratedOptimizer);
        using var dwaNet = new ThreeHeadNet(35);
        using var dwaOptimizer = optim.Adam(dwaNet.parameters(), 0.01);
        using var dwa = new ThreeHeadDwa(dwaNet, dwaOptimizer);

        run.Train(Steps, (step, x, y) =>
        {
            var r = uncertainty.Step(x, y);
            AssertValues(r, new Dictionary<string, double>
            {
                ["Classification"] = r.Classification,
                ["Parity"] = r.Parity,
                ["Reconstruction"] = r.Reconstruction,
                ["Total"] = r.Total,
                ["ClassificationWeight"] = r.ClassificationWeight,
                ["ParityWeight"] = r.ParityWeight,
                ["ReconstructionWeight"] = r.ReconstructionWeight,
            }, deviceValues: 7);

            var d = dwa.Step(x, y);
            if (step % 3 == 2) dwa.EndEpoch();
            AssertValues(d, new Dictionary<string, double>
            {
                ["Classification"] = d.Classification,
                ["Parity"] = d.Parity,
                ["Reconstruction"] = d.Reconstruction,
                ["Total"] = d.Total,
                ["ClassificationWeight"] = d.ClassificationWeight,
                ["ParityWeight"] = d.ParityWeight,
                ["ReconstructionWeight"] = d.ReconstructionWeight,
            }, deviceValues: 7);
        });
    }

    /// <summary>Reads <paramref name="report"/> only through the interface, as a logging sink would.</summary>
    private static void AssertValues<TReport>(TReport report, Dictionary<string, double> expected, int deviceValues)
        where TReport : ITrainingReport
    {
        Assert.That(report.Layout.Names, Is.EquivalentTo(expected.Keys), "the reported names");
        Assert.That(report.Layout.DeviceValueCount, Is.EqualTo(deviceValues));
        for (var i = 0; i < report.Layout.Names.Count; i++)
        {
            var name = report.Layout.Names[i];
            Assert.That(report.GetValue(i), Is.EqualTo(expected[name]), $"{name} at step {report.StepNumber}");
            if (i < report.Layout.DeviceValueCount)
            {
                Assert.That(report.DeviceValues.Read(i, report.StepNumber), Is.EqualTo(expected[name]), $"{name} in the buffer's slot {i}");
            }
        }
        Assert.That(() => report.GetValue(report.Layout.Names.Count), Throws.TypeOf<System.ArgumentOutOfRangeException>());
    }
}
