using System;
using System.Linq;
using MultiLoss.Tests.Trainers;
using NUnit.Framework;
using static MultiLoss.Tests.Trainers.ThreeHeadLosses;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// A head whose loss is not in this step's total (a closed gate, another phase, <c>Updates</c>) gets no gradient, and
/// the optimizer does not step it — PyTorch's semantics (<c>zero_grad</c> sets gradients to none). The references are
/// hand loops that set every gradient to none before each step, on a three-headed net with Adam, whose momentum would
/// otherwise keep moving a resting head.
/// </summary>
[TestFixture]
public sealed class HeadWithoutGradientTests
{
    private const int Steps = 24;
    private const double Tolerance = 1e-4;

    [Test]
    public void Adam_does_not_step_the_head_of_a_loss_that_is_off()
    {
        using var run = new ThreeHeadRun(seed: 11);
        using var trainer = new ThreeHeadGateSwitch(run.Generated, run.GeneratedOptimizer);
        int restingClassifier = 0, restingParity = 0;

        run.Train(Steps, (step, x, y) =>
        {
            var classifier = Snapshot(run.Generated.Classifier);
            var parity = Snapshot(run.Generated.ParityHead);
            var open = trainer.Step(x, y).ParityGateOpen;

            var resting = open ? classifier : parity;
            var restingHead = open ? run.Generated.Classifier : run.Generated.ParityHead;
            var movingHead = open ? run.Generated.ParityHead : run.Generated.Classifier;
            Assert.That(MaxChange(resting, restingHead), Is.Zero, $"step {step}: the resting head moved");
            Assert.That(MaxChange(open ? parity : classifier, movingHead), Is.GreaterThan(0), $"step {step}: the training head did not move");
            Assert.That(restingHead.parameters().All(p => p.grad is null), Is.True, $"step {step}: the resting head has a gradient");
            if (open) restingClassifier++;
            else restingParity++;
        });

        Assert.That(restingClassifier > 1 && restingParity > 1, Is.True,
            $"each head must rest after having trained (classifier rested {restingClassifier}, parity {restingParity})");
    }

    [Test]
    public void Switch_gate_matches_the_hand_loop()
    {
        using var run = new ThreeHeadRun(seed: 12);
        using var trainer = new ThreeHeadGateSwitch(run.Generated, run.GeneratedOptimizer);
        var branches = new Branches();

        run.Train(Steps, (step, x, y) =>
        {
            HandGradients.SetToNone(run.HandOptimizer);
            var (logits, parity, recon) = run.Hand.forward(x);
            var classification = Classification(logits, y);
            var open = classification.item<float>() < GateThreshold;
            var total = (open ? 0.5 * Parity(parity, y) : classification) + 0.5 * Reconstruction(recon, x);
            total.backward();
            run.HandOptimizer.step();

            var result = trainer.Step(x, y);
            Assert.That(result.ParityGateOpen, Is.EqualTo(open), $"gate at step {step}");
            Assert.That(result.Total, Is.EqualTo(total.item<float>()).Within(1e-5), $"total at step {step}");
            branches.Count(open);
        });

        branches.AssertBothRan();
        run.AssertParametersEqual(Tolerance);
    }

    [Test]
    public void With_gradients_filled_with_zeros_instead_the_switch_gate_run_differs()
    {
        // The control for the test above: TorchSharp's own zero_grad() leaves zeros, and Adam moves the resting head.
        using var run = new ThreeHeadRun(seed: 12);
        using var trainer = new ThreeHeadGateSwitch(run.Generated, run.GeneratedOptimizer);

        run.Train(Steps, (step, x, y) =>
        {
            run.HandOptimizer.zero_grad();
            var (logits, parity, recon) = run.Hand.forward(x);
            var classification = Classification(logits, y);
            var open = classification.item<float>() < GateThreshold;
            ((open ? 0.5 * Parity(parity, y) : classification) + 0.5 * Reconstruction(recon, x)).backward();
            run.HandOptimizer.step();
            trainer.Step(x, y);
        });

        Assert.That(ParameterAssert.Changed(run.Generated, run.Hand), Is.True);
    }

    [Test]
    public void Add_gate_matches_the_hand_loop()
    {
        using var run = new ThreeHeadRun(seed: 13);
        using var trainer = new ThreeHeadGateAdd(run.Generated, run.GeneratedOptimizer);
        var branches = new Branches();

        run.Train(Steps, (step, x, y) =>
        {
            HandGradients.SetToNone(run.HandOptimizer);
            var (logits, parity, recon) = run.Hand.forward(x);
            var classification = Classification(logits, y);
            var open = classification.item<float>() < GateThreshold;
            var total = classification + 0.5 * Reconstruction(recon, x);
            if (open) total = total + 0.5 * Parity(parity, y);
            total.backward();
            run.HandOptimizer.step();

            Assert.That(trainer.Step(x, y).ParityGateOpen, Is.EqualTo(open), $"gate at step {step}");
            branches.Count(open);
        });

        branches.AssertBothRan();
        run.AssertParametersEqual(Tolerance);
    }

    [Test]
    public void Latched_gate_matches_the_hand_loop()
    {
        using var run = new ThreeHeadRun(seed: 11);
        using var trainer = new ThreeHeadGateLatch(run.Generated, run.GeneratedOptimizer);
        var branches = new Branches();
        var latched = false;

        run.Train(Steps, (step, x, y) =>
        {
            HandGradients.SetToNone(run.HandOptimizer);
            var (logits, parity, recon) = run.Hand.forward(x);
            var classification = Classification(logits, y);
            latched = latched || classification.item<float>() < GateThreshold;
            ((latched ? 0.5 * Parity(parity, y) : classification) + 0.5 * Reconstruction(recon, x)).backward();
            run.HandOptimizer.step();

            Assert.That(trainer.Step(x, y).ParityGateOpen, Is.EqualTo(latched), $"gate at step {step}");
            branches.Count(latched);
        });

        branches.AssertBothRan();
        run.AssertParametersEqual(Tolerance);
    }

    [Test]
    public void Phases_match_the_hand_loop()
    {
        using var run = new ThreeHeadRun(seed: 15);
        using var trainer = new ThreeHeadPhased(run.Generated, run.GeneratedOptimizer);

        run.Train(Steps, (step, x, y) =>
        {
            HandGradients.SetToNone(run.HandOptimizer);
            var (logits, parity, recon) = run.Hand.forward(x);
            if (step < ThreeHeadPhased.PhaseOneSteps)
            {
                Classification(logits, y).backward();
            }
            else
            {
                (0.5 * Parity(parity, y)).backward(retain_graph: true);
                (0.5 * Reconstruction(recon, x)).backward();
            }
            run.HandOptimizer.step();

            Assert.That(trainer.Step(x, y).Phase, Is.EqualTo(step < ThreeHeadPhased.PhaseOneSteps ? 1 : 2), $"phase at step {step}");
        });

        run.AssertParametersEqual(Tolerance);
    }

    [Test]
    public void Losses_restricted_to_one_head_match_the_hand_loop()
    {
        using var run = new ThreeHeadRun(seed: 16);
        using var trainer = new ThreeHeadUpdates(run.Generated, run.GeneratedOptimizer);
        var parityHead = run.Hand.ParityHead.parameters().ToArray();
        var decoder = run.Hand.Decoder.parameters().ToArray();
        var branches = new Branches();

        run.Train(Steps, (step, x, y) =>
        {
            HandGradients.SetToNone(run.HandOptimizer);
            var (logits, parity, recon) = run.Hand.forward(x);
            var classification = Classification(logits, y);
            var open = classification.item<float>() < GateThreshold;
            classification.backward(retain_graph: true);
            if (open) (0.5 * Parity(parity, y)).backward(retain_graph: true, inputs: parityHead);
            (0.5 * Reconstruction(recon, x)).backward(inputs: decoder);
            run.HandOptimizer.step();

            Assert.That(trainer.Step(x, y).ParityGateOpen, Is.EqualTo(open), $"gate at step {step}");
            branches.Count(open);
        });

        branches.AssertBothRan();
        run.AssertParametersEqual(Tolerance);
    }

    [Test]
    public void Skipping_clipping_accumulation_and_warmup_with_a_switch_gate_match_the_hand_loop()
    {
        using var run = new ThreeHeadRun(seed: 17);
        using var trainer = new ThreeHeadControlled(run.Generated, run.GeneratedOptimizer);
        var parameters = run.Hand.parameters().ToArray();
        var branches = new Branches();
        const int cycle = 2;

        run.Train(Steps, (step, x, y) =>
        {
            if (step % cycle == 0) HandGradients.SetToNone(run.HandOptimizer);
            var (logits, parity, recon) = run.Hand.forward(x);
            var classification = Classification(logits, y);
            var open = classification.item<float>() < GateThreshold;
            var warmup = 0.5 * Math.Min(1.0, (step + 1) / 8.0);
            var total = (open ? 0.5 * Parity(parity, y) : classification) + warmup * Reconstruction(recon, x);
            (total / cycle).backward();
            if (step % cycle == cycle - 1)
            {
                nn.utils.clip_grad_norm_(parameters, 1.0);
                run.HandOptimizer.step();
            }

            Assert.That(trainer.Step(x, y).ParityGateOpen, Is.EqualTo(open), $"gate at step {step}");
            branches.Count(open);
        });

        branches.AssertBothRan();
        run.AssertParametersEqual(Tolerance);
    }

    private static Tensor[] Snapshot(nn.Module module) => module.parameters().Select(p => p.detach().clone()).ToArray();

    private static double MaxChange(Tensor[] before, nn.Module module)
    {
        var after = module.parameters().ToArray();
        double change = 0;
        for (var i = 0; i < after.Length; i++) change = Math.Max(change, (after[i] - before[i]).abs().max().item<float>());
        return change;
    }

    /// <summary>Counts how often a gate was open and closed, so a test can insist both branches ran.</summary>
    private sealed class Branches
    {
        private int open;
        private int closed;

        public void Count(bool isOpen)
        {
            if (isOpen) open++;
            else closed++;
        }

        public void AssertBothRan()
            => Assert.That(open > 0 && closed > 0, Is.True, $"both gate branches must run (open {open}, closed {closed})");
    }
}
