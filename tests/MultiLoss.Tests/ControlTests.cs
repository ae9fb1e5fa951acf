using System.Linq;
using MultiLoss.Tests.Trainers;
using NUnit.Framework;
using static MultiLoss.Tests.SeedLosses;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// The training controls against hand loops: the non-finite guard, gradient clipping, gradient accumulation (alone and
/// with separate backward and a gate) and weight warm-up.
/// </summary>
[TestFixture]
public sealed class ControlTests
{
    private const int Steps = 30;
    private const double SgdTolerance = 1e-6;

    [Test]
    public void The_guard_skips_a_step_with_a_NaN_loss_and_leaves_the_parameters_untouched()
    {
        using var batches = new Batches(count: 5, batchSize: 32, seed: 81);
        using var model = Models.Mlp(seed: 82);
        using var optimizer = Optimizers.Create(OptimizerKind.SgdMomentum, model);
        using var trainer = new GuardedTrainer(model, optimizer);
        Tensor[]? afterStepBefore = null;

        for (var step = 1; step <= 10; step++)
        {
            if (step == GuardedTrainer.PoisonedStep) afterStepBefore = Snapshot(model);
            var result = trainer.Step(batches.Input(step), batches.Label(step));

            Assert.That(result.Skipped, Is.EqualTo(step == GuardedTrainer.PoisonedStep), $"skipped at step {step}");
            Assert.That(double.IsNaN(result.Total), Is.EqualTo(step == GuardedTrainer.PoisonedStep), "the NaN total is still reported");
            if (step == GuardedTrainer.PoisonedStep) AssertEqual(afterStepBefore!, Snapshot(model), 0.0);
        }

        Assert.That(trainer.SkippedSteps, Is.EqualTo(1));
        Assert.That(AllFinite(model), Is.True);
        Assert.That(Distance(afterStepBefore!, Snapshot(model)), Is.GreaterThan(1e-4), "the steps after the skipped one train");
    }

    [Test]
    public void Without_the_guard_a_NaN_loss_destroys_the_parameters()
    {
        using var batches = new Batches(count: 5, batchSize: 32, seed: 81);
        using var model = Models.Mlp(seed: 82);
        using var optimizer = Optimizers.Create(OptimizerKind.SgdMomentum, model);
        using var trainer = new UnguardedTrainer(model, optimizer);

        for (var step = 1; step <= 10; step++) trainer.Step(batches.Input(step), batches.Label(step));

        Assert.That(AllFinite(model), Is.False);
    }

    [Test]
    public void Clipping_matches_the_hand_loop()
    {
        using var pair = new TrainingPair(OptimizerKind.SgdMomentum, seed: 83);
        using var trainer = new ClippedTrainer(pair.GeneratedModel, pair.GeneratedOptimizer);
        var parameters = pair.HandModel.parameters().ToArray();
        var clipped = 0;

        pair.Train(Steps, (step, x, y) =>
        {
            HandGradients.SetToNone(pair.HandOptimizer);
            var output = pair.HandModel.forward(x);
            (0.7 * Classification(output, y) + 0.3 * Confidence(output)).backward();
            if (nn.utils.clip_grad_norm_(parameters, ClippedTrainer.MaxNorm) > ClippedTrainer.MaxNorm) clipped++;
            pair.HandOptimizer.step();

            trainer.Step(x, y);
        });

        Assert.That(clipped, Is.GreaterThan(0), "the norm never exceeded the limit, so clipping was not exercised");
        ParameterAssert.Equal(pair.HandModel, pair.GeneratedModel, SgdTolerance);
    }

    [Test]
    public void Accumulation_matches_the_hand_loop()
    {
        using var pair = new TrainingPair(OptimizerKind.SgdMomentum, seed: 84);
        using var trainer = new AccumulatingTrainer(pair.GeneratedModel, pair.GeneratedOptimizer);
        const int k = AccumulatingTrainer.Cycle;

        pair.Train(Steps, (step, x, y) =>
        {
            if (step % k == 0) HandGradients.SetToNone(pair.HandOptimizer);
            var output = pair.HandModel.forward(x);
            ((0.7 * Classification(output, y) + 0.3 * Confidence(output)) / k).backward();
            if (step % k == k - 1) pair.HandOptimizer.step();

            var result = trainer.Step(x, y);
            Assert.That(result.OptimizerStepped, Is.EqualTo(step % k == k - 1), $"optimizer step at call {step + 1}");
        });

        ParameterAssert.Equal(pair.HandModel, pair.GeneratedModel, SgdTolerance);
    }

    [Test]
    public void Clipping_and_accumulation_with_separate_backward_match_the_hand_loop()
    {
        using var pair = new TrainingPair(OptimizerKind.SgdMomentum, seed: 85);
        using var trainer = new SeparateControlledTrainer(pair.GeneratedModel, pair.GeneratedOptimizer);
        var parameters = pair.HandModel.parameters().ToArray();
        const int k = SeparateControlledTrainer.Cycle;

        pair.Train(Steps, (step, x, y) =>
        {
            if (step % k == 0) HandGradients.SetToNone(pair.HandOptimizer);
            var output = pair.HandModel.forward(x);
            (0.7 * Classification(output, y) / k).backward(retain_graph: true);
            (0.3 * Confidence(output) / k).backward();
            if (step % k == k - 1)
            {
                nn.utils.clip_grad_norm_(parameters, SeparateControlledTrainer.MaxNorm);
                pair.HandOptimizer.step();
            }

            trainer.Step(x, y);
        });

        ParameterAssert.Equal(pair.HandModel, pair.GeneratedModel, SgdTolerance);
    }

    [Test]
    public void Clipping_and_accumulation_with_a_gate_match_the_hand_loop()
    {
        using var pair = new TrainingPair(OptimizerKind.SgdMomentum, seed: 86);
        using var trainer = new GatedControlledTrainer(pair.GeneratedModel, pair.GeneratedOptimizer);
        var parameters = pair.HandModel.parameters().ToArray();
        const int k = GatedControlledTrainer.Cycle;
        int open = 0, closed = 0;

        pair.Train(Steps, (step, x, y) =>
        {
            if (step % k == 0) HandGradients.SetToNone(pair.HandOptimizer);
            var output = pair.HandModel.forward(x);
            var l1 = Classification(output, y);
            var isOpen = Below(l1, GatedControlledTrainer.Threshold);
            var loss = isOpen ? 2.0 * Confidence(output) : 0.5 * l1;
            (loss / k).backward();
            if (step % k == k - 1)
            {
                nn.utils.clip_grad_norm_(parameters, GatedControlledTrainer.MaxNorm);
                pair.HandOptimizer.step();
            }
            if (isOpen) open++;
            else closed++;

            var result = trainer.Step(x, y);
            Assert.That(result.ConfidenceGateOpen, Is.EqualTo(isOpen), $"gate at step {step}");
        });

        Assert.That(open > 0 && closed > 0, Is.True, $"both gate branches must run (open {open}, closed {closed})");
        ParameterAssert.Equal(pair.HandModel, pair.GeneratedModel, SgdTolerance);
    }

    [TestCase(OptimizerKind.SgdMomentum)]
    [TestCase(OptimizerKind.Adam)]
    public void Warmup_ramps_the_weight_and_matches_the_hand_loop(OptimizerKind kind)
    {
        using var pair = new TrainingPair(kind, seed: 87);
        using var trainer = new WarmupTrainer(pair.GeneratedModel, pair.GeneratedOptimizer);

        pair.Train(Steps, (step, x, y) =>
        {
            var weight = 0.3 * System.Math.Min(1.0, (step + 1) / (double)WarmupTrainer.Warmup);
            HandGradients.SetToNone(pair.HandOptimizer);
            var output = pair.HandModel.forward(x);
            (0.7 * Classification(output, y) + weight * Confidence(output)).backward();
            pair.HandOptimizer.step();

            var result = trainer.Step(x, y);
            Assert.That(result.ConfidenceWeight, Is.EqualTo(weight), $"weight at step {step}");
        });

        pair.AssertParametersEqual();
    }

    private static Tensor[] Snapshot(nn.Module model) => model.parameters().Select(p => p.detach().clone()).ToArray();

    private static double Distance(Tensor[] a, Tensor[] b)
    {
        double distance = 0;
        for (var i = 0; i < a.Length; i++) distance = System.Math.Max(distance, (a[i] - b[i]).abs().max().item<float>());
        return distance;
    }

    private static void AssertEqual(Tensor[] expected, Tensor[] actual, double tolerance)
        => Assert.That(Distance(expected, actual), Is.LessThanOrEqualTo(tolerance), "parameters changed");

    private static bool AllFinite(nn.Module model) => model.parameters().All(p => isfinite(p).all().item<bool>());
}
