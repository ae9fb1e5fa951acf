using MultiLoss.Tests.Trainers;
using NUnit.Framework;
using static MultiLoss.Tests.SeedLosses;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// Each seed strategy and combination against the loop a user writes by hand for it, 30 steps from the same
/// seed. Gate thresholds open part-way so both branches run; phase tests cross the phase boundary.
/// </summary>
[TestFixture]
public sealed class StrategyEquivalenceTests
{
    private const int Steps = 30;
    private const double LossTolerance = 1e-5;

    [TestCase(OptimizerKind.SgdMomentum)]
    [TestCase(OptimizerKind.Adam)]
    public void Separate_backward(OptimizerKind kind)
    {
        using var pair = new TrainingPair(kind, seed: 41);
        using var trainer = new SeparateTrainer(pair.GeneratedModel, pair.GeneratedOptimizer);

        pair.Train(Steps, (step, x, y) =>
        {
            HandGradients.SetToNone(pair.HandOptimizer);
            var output = pair.HandModel.forward(x);
            var l1 = Classification(output, y);
            var l2 = Confidence(output);
            var l3 = Sparsity(output);
            (0.7 * l1).backward(retain_graph: true);
            (0.3 * l2).backward(retain_graph: true);
            l3.backward();
            pair.HandOptimizer.step();

            var result = trainer.Step(x, y);
            Assert.That(result.Total, Is.EqualTo((0.7 * l1 + 0.3 * l2 + l3).item<float>()).Within(LossTolerance));
        });

        pair.AssertParametersEqual();
    }

    [TestCase(OptimizerKind.SgdMomentum)]
    [TestCase(OptimizerKind.Adam)]
    public void Gate_switch(OptimizerKind kind)
    {
        using var pair = new TrainingPair(kind, seed: 42);
        using var trainer = new GateSwitchTrainer(pair.GeneratedModel, pair.GeneratedOptimizer);
        var branches = new BranchCount();

        pair.Train(Steps, (step, x, y) =>
        {
            HandGradients.SetToNone(pair.HandOptimizer);
            var output = pair.HandModel.forward(x);
            var l1 = Classification(output, y);
            var open = Below(l1, GateSwitchTrainer.Threshold);
            if (open) (2.0 * Confidence(output)).backward();
            else (0.5 * l1).backward();
            pair.HandOptimizer.step();

            var result = trainer.Step(x, y);
            Assert.That(result.ConfidenceGateOpen, Is.EqualTo(open), $"gate at step {step}");
            Assert.That(double.IsNaN(result.Confidence), Is.EqualTo(!open), "a closed gate's loss is not computed");
            branches.Count(open);
        });

        branches.AssertBothRan();
        pair.AssertParametersEqual();
    }

    [TestCase(OptimizerKind.SgdMomentum)]
    [TestCase(OptimizerKind.Adam)]
    public void Gate_add(OptimizerKind kind)
    {
        using var pair = new TrainingPair(kind, seed: 43);
        using var trainer = new GateAddTrainer(pair.GeneratedModel, pair.GeneratedOptimizer);
        var branches = new BranchCount();

        pair.Train(Steps, (step, x, y) =>
        {
            HandGradients.SetToNone(pair.HandOptimizer);
            var output = pair.HandModel.forward(x);
            var l1 = Classification(output, y);
            var open = Below(l1, GateAddTrainer.Threshold);
            if (open) (l1 + 0.5 * Confidence(output)).backward();
            else l1.backward();
            pair.HandOptimizer.step();

            var result = trainer.Step(x, y);
            Assert.That(result.ConfidenceGateOpen, Is.EqualTo(open), $"gate at step {step}");
            branches.Count(open);
        });

        branches.AssertBothRan();
        pair.AssertParametersEqual();
    }

    [TestCase(OptimizerKind.SgdMomentum)]
    [TestCase(OptimizerKind.Adam)]
    public void Gate_latch(OptimizerKind kind)
    {
        using var pair = new TrainingPair(kind, seed: 44);
        using var trainer = new GateLatchTrainer(pair.GeneratedModel, pair.GeneratedOptimizer);
        var branches = new BranchCount();
        var latched = false;

        pair.Train(Steps, (step, x, y) =>
        {
            HandGradients.SetToNone(pair.HandOptimizer);
            var output = pair.HandModel.forward(x);
            var l1 = Classification(output, y);
            latched = latched || Below(l1, GateLatchTrainer.Threshold);
            if (latched) Confidence(output).backward();
            else l1.backward();
            pair.HandOptimizer.step();

            var result = trainer.Step(x, y);
            Assert.That(result.ConfidenceGateOpen, Is.EqualTo(latched), $"gate at step {step}");
            branches.Count(latched);
        });

        branches.AssertBothRan();
        pair.AssertParametersEqual();
    }

    [TestCase(OptimizerKind.SgdMomentum)]
    [TestCase(OptimizerKind.Adam)]
    public void Phases_by_step_count(OptimizerKind kind)
    {
        using var pair = new TrainingPair(kind, seed: 45);
        using var trainer = new PhasedBySteps(pair.GeneratedModel, pair.GeneratedOptimizer);

        pair.Train(Steps, (step, x, y) =>
        {
            var phase = step < PhasedBySteps.PhaseOneSteps ? 1 : 2;
            HandPhaseOneCombinedThenSeparate(pair, x, y, phase);

            var result = trainer.Step(x, y);
            Assert.That(result.Phase, Is.EqualTo(phase), $"phase at step {step}");
        });

        Assert.That(trainer.Phase, Is.EqualTo(2));
        pair.AssertParametersEqual();
    }

    [TestCase(OptimizerKind.SgdMomentum)]
    [TestCase(OptimizerKind.Adam)]
    public void Phases_by_condition(OptimizerKind kind)
    {
        using var pair = new TrainingPair(kind, seed: 46);
        using var trainer = new PhasedByCondition(pair.GeneratedModel, pair.GeneratedOptimizer);

        pair.Train(Steps, (step, x, y) =>
        {
            var phase = step < PhasedByCondition.WarmUpSteps ? 1 : 2;
            HandPhaseOneCombinedThenSeparate(pair, x, y, phase);

            var result = trainer.Step(x, y);
            Assert.That(result.Phase, Is.EqualTo(phase), $"phase at step {step}");
        });

        pair.AssertParametersEqual();
    }

    [TestCase(OptimizerKind.SgdMomentum)]
    [TestCase(OptimizerKind.Adam)]
    public void Combination_gate_inside_a_phase_after_a_single_loss_phase(OptimizerKind kind)
    {
        using var pair = new TrainingPair(kind, seed: 47);
        using var trainer = new GatedPhasesTrainer(pair.GeneratedModel, pair.GeneratedOptimizer);
        var branches = new BranchCount();

        pair.Train(Steps, (step, x, y) =>
        {
            HandGradients.SetToNone(pair.HandOptimizer);
            var output = pair.HandModel.forward(x);
            var l1 = Classification(output, y);
            var open = false;
            if (step < GatedPhasesTrainer.PhaseOneSteps)
            {
                l1.backward();
            }
            else
            {
                open = Below(l1, GatedPhasesTrainer.Threshold);
                var sparsity = Sparsity(output);
                var total = open ? 0.5 * Confidence(output) + 0.1 * sparsity : l1 + 0.1 * sparsity;
                total.backward();
                branches.Count(open);
            }
            pair.HandOptimizer.step();

            var result = trainer.Step(x, y);
            Assert.That(result.ConfidenceGateOpen, Is.EqualTo(open), $"gate at step {step}");
            Assert.That(double.IsNaN(result.Sparsity), Is.EqualTo(step < GatedPhasesTrainer.PhaseOneSteps), "Sparsity takes part in phase 2 only");
        });

        branches.AssertBothRan();
        pair.AssertParametersEqual();
    }

    [TestCase(OptimizerKind.SgdMomentum)]
    [TestCase(OptimizerKind.Adam)]
    public void Combination_separate_backward_with_a_gate(OptimizerKind kind)
    {
        using var pair = new TrainingPair(kind, seed: 48);
        using var trainer = new SeparateGatedTrainer(pair.GeneratedModel, pair.GeneratedOptimizer);
        var branches = new BranchCount();

        pair.Train(Steps, (step, x, y) =>
        {
            HandGradients.SetToNone(pair.HandOptimizer);
            var output = pair.HandModel.forward(x);
            var l1 = Classification(output, y);
            var open = Below(l1, SeparateGatedTrainer.Threshold);
            var sparsity = Sparsity(output);
            if (open) (0.5 * Confidence(output)).backward(retain_graph: true);
            else (0.8 * l1).backward(retain_graph: true);
            (0.1 * sparsity).backward();
            pair.HandOptimizer.step();

            var result = trainer.Step(x, y);
            Assert.That(result.ConfidenceGateOpen, Is.EqualTo(open), $"gate at step {step}");
            branches.Count(open);
        });

        branches.AssertBothRan();
        pair.AssertParametersEqual();
    }

    [TestCase(OptimizerKind.SgdMomentum)]
    [TestCase(OptimizerKind.Adam)]
    public void Combination_a_gate_on_a_gated_loss(OptimizerKind kind)
    {
        using var pair = new TrainingPair(kind, seed: 49);
        using var trainer = new ChainedGatesTrainer(pair.GeneratedModel, pair.GeneratedOptimizer);
        var confidenceBranches = new BranchCount();
        var sparsityBranches = new BranchCount();

        pair.Train(Steps, (step, x, y) =>
        {
            HandGradients.SetToNone(pair.HandOptimizer);
            var output = pair.HandModel.forward(x);
            var total = Classification(output, y);
            var confidenceOpen = Below(total, ChainedGatesTrainer.ClassificationThreshold);
            var sparsityOpen = false;
            if (confidenceOpen)
            {
                var confidence = Confidence(output);
                sparsityOpen = Below(confidence, ChainedGatesTrainer.ConfidenceThreshold);
                total = sparsityOpen ? total + 0.5 * Sparsity(output) : total + 2.0 * confidence;
            }
            total.backward();
            pair.HandOptimizer.step();

            var result = trainer.Step(x, y);
            Assert.That(result.ConfidenceGateOpen, Is.EqualTo(confidenceOpen), $"Confidence gate at step {step}");
            Assert.That(result.SparsityGateOpen, Is.EqualTo(sparsityOpen), $"Sparsity gate at step {step}");
            confidenceBranches.Count(confidenceOpen);
            if (confidenceOpen) sparsityBranches.Count(sparsityOpen);
        });

        confidenceBranches.AssertBothRan();
        sparsityBranches.AssertBothRan();
        pair.AssertParametersEqual();
    }

    private static void HandPhaseOneCombinedThenSeparate(TrainingPair pair, Tensor x, Tensor y, int phase)
    {
        HandGradients.SetToNone(pair.HandOptimizer);
        var output = pair.HandModel.forward(x);
        var l1 = Classification(output, y);
        var l2 = Confidence(output);
        if (phase == 1)
        {
            (0.7 * l1 + 0.3 * l2).backward();
        }
        else
        {
            (0.7 * l1).backward(retain_graph: true);
            (0.3 * l2).backward();
        }
        pair.HandOptimizer.step();
    }

    /// <summary>Counts how often a gate was open and closed, so a test can insist both branches ran.</summary>
    private sealed class BranchCount
    {
        private int open;
        private int closed;

        public void Count(bool isOpen)
        {
            if (isOpen) open++;
            else closed++;
        }

        public void AssertBothRan()
        {
            Assert.That(open, Is.GreaterThan(0), "the gate never opened");
            Assert.That(closed, Is.GreaterThan(0), "the gate never closed");
        }
    }
}
