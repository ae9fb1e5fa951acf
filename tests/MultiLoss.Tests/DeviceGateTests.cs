using MultiLoss.Runtime;
using MultiLoss.Tests.Trainers;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// Gates decided on the device (<c>Evaluation = GateEvaluation.Device</c>) against the seed's host-side gates with the
/// same configuration: the same gate states step by step and the same parameters after 30 steps.
/// </summary>
[TestFixture]
public sealed class DeviceGateTests
{
    private const int Steps = 30;

    [TestCase(ScalarType.Float32)]
    [TestCase(ScalarType.Float64)]
    [TestCase(ScalarType.Float16)]
    [TestCase(ScalarType.BFloat16)]
    public void A_loss_at_a_threshold_in_its_own_precision_opens_neither_gate_and_one_just_below_opens_both(ScalarType dtype)
    {
        // 1.39 and 0.02 have no exact float32 value: a float32 loss equal to their rounding is not below the threshold
        // on the device, so it must not be on the host (which compared in double before).
        foreach (var threshold in new[] { 1.39, 0.02, 0.5, 3.0 })
        {
            using var scope = NewDisposeScope();
            using var gate = new DeviceGate(threshold, latch: false);
            var at = torch.tensor(threshold, dtype: ScalarType.Float64).to(dtype);
            var below = torch.nextafter(at, torch.zeros_like(at));

            Assert.That(HostGate.IsBelow(at, threshold), Is.False, $"{threshold} in {dtype}, on the host");
            Assert.That(gate.Open(at).to(ScalarType.Float64).item<double>(), Is.EqualTo(0.0), $"{threshold} in {dtype}, on the device");
            Assert.That(HostGate.IsBelow(below, threshold), Is.True, $"just below {threshold} in {dtype}, on the host");
            Assert.That(gate.Open(below).to(ScalarType.Float64).item<double>(), Is.EqualTo(1.0), $"just below {threshold} in {dtype}, on the device");
        }
    }

    [TestCase(OptimizerKind.SgdMomentum)]
    [TestCase(OptimizerKind.Adam)]
    public void A_device_switch_gate_trains_like_the_host_gate(OptimizerKind kind)
    {
        using var pair = new TrainingPair(kind, seed: 91);
        using var host = new GateSwitchTrainer(pair.HandModel, pair.HandOptimizer);
        using var device = new DeviceGateSwitchTrainer(pair.GeneratedModel, pair.GeneratedOptimizer);
        var opened = 0;

        pair.Train(Steps, (step, x, y) =>
        {
            var hostOpen = host.Step(x, y).ConfidenceGateOpen;
            var deviceResult = device.Step(x, y);
            Assert.That(deviceResult.ConfidenceGateOpen, Is.EqualTo(hostOpen), $"gate at step {step}");
            if (hostOpen) opened++;
        });

        Assert.That(opened, Is.InRange(1, Steps - 1), "both gate states must occur");
        pair.AssertParametersEqual();
    }

    [TestCase(OptimizerKind.SgdMomentum)]
    [TestCase(OptimizerKind.Adam)]
    public void A_latched_device_gate_trains_like_the_host_gate(OptimizerKind kind)
    {
        using var pair = new TrainingPair(kind, seed: 92);
        using var host = new GateLatchTrainer(pair.HandModel, pair.HandOptimizer);
        using var device = new DeviceGateLatchTrainer(pair.GeneratedModel, pair.GeneratedOptimizer);
        var opened = 0;

        pair.Train(Steps, (step, x, y) =>
        {
            var hostOpen = host.Step(x, y).ConfidenceGateOpen;
            Assert.That(device.Step(x, y).ConfidenceGateOpen, Is.EqualTo(hostOpen), $"gate at step {step}");
            if (hostOpen) opened++;
        });

        Assert.That(opened, Is.InRange(1, Steps - 1), "both gate states must occur");
        pair.AssertParametersEqual();
    }

    [TestCase(OptimizerKind.SgdMomentum)]
    [TestCase(OptimizerKind.Adam)]
    public void A_chain_of_device_gates_trains_like_the_host_gates(OptimizerKind kind)
    {
        using var pair = new TrainingPair(kind, seed: 93);
        using var host = new ChainedGatesTrainer(pair.HandModel, pair.HandOptimizer);
        using var device = new DeviceChainedGatesTrainer(pair.GeneratedModel, pair.GeneratedOptimizer);
        var innerOpened = 0;

        pair.Train(Steps, (step, x, y) =>
        {
            var hostResult = host.Step(x, y);
            var (confidenceOpen, sparsityOpen) = (hostResult.ConfidenceGateOpen, hostResult.SparsityGateOpen);
            var deviceResult = device.Step(x, y);
            Assert.That(deviceResult.ConfidenceGateOpen, Is.EqualTo(confidenceOpen), $"Confidence gate at step {step}");
            Assert.That(deviceResult.SparsityGateOpen, Is.EqualTo(sparsityOpen), $"Sparsity gate at step {step}");
            if (sparsityOpen) innerOpened++;
        });

        Assert.That(innerOpened, Is.GreaterThan(0), "the gate on the gated loss must open");
        pair.AssertParametersEqual();
    }

    [TestCase(OptimizerKind.SgdMomentum)]
    [TestCase(OptimizerKind.Adam)]
    public void A_device_gate_with_separate_backward_trains_like_the_host_gate(OptimizerKind kind)
    {
        using var pair = new TrainingPair(kind, seed: 94);
        using var host = new SeparateGatedTrainer(pair.HandModel, pair.HandOptimizer);
        using var device = new DeviceSeparateGatedTrainer(pair.GeneratedModel, pair.GeneratedOptimizer);

        pair.Train(Steps, (step, x, y) =>
        {
            var hostOpen = host.Step(x, y).ConfidenceGateOpen;
            Assert.That(device.Step(x, y).ConfidenceGateOpen, Is.EqualTo(hostOpen), $"gate at step {step}");
        });

        pair.AssertParametersEqual();
    }

    [Test]
    public void Device_gates_leave_no_tensor_behind()
    {
        using var batches = new Batches(count: 5, batchSize: 16, seed: 95);
        using var model = Models.Mlp(seed: 96);
        using var optimizer = Optimizers.Create(OptimizerKind.Adam, model);
        using var trainer = new DeviceChainedGatesTrainer(model, optimizer);
        using var latched = new DeviceGateLatchTrainer(model, optimizer);

        trainer.Step(batches.Input(0), batches.Label(0));
        latched.Step(batches.Input(0), batches.Label(0));
        var afterFirstStep = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var step = 1; step < 200; step++)
        {
            trainer.Step(batches.Input(step), batches.Label(step));
            latched.Step(batches.Input(step), batches.Label(step));
        }

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirstStep));
    }
}
