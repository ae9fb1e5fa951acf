using System;
using MultiLoss.Runtime;
using MultiLoss.Tests.Trainers;
using MultiLoss.Methods;
using NUnit.Framework;
using TorchSharp;
using static MultiLoss.Tests.Trainers.ThreeHeadLosses;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// Methods that reach the generated step only through the method contract — RLW and a user's own method — against
/// hand loops written from their formulas.
/// </summary>
[TestFixture]
public sealed class ContractMethodTests
{
    private const int Steps = 20;

    [Test]
    public void Random_loss_weighting_matches_the_hand_loop()
    {
        using var run = new ThreeHeadRun(seed: 61);
        using var trainer = new ThreeHeadRlw(run.Generated, run.GeneratedOptimizer);
        var state = 7UL;
        var lambda = new double[3];
        var declared = new[] { 1.0, 0.5, 0.5 };

        run.Train(Steps, (step, x, y) =>
        {
            RandomLossWeighting.DrawWeights(ref state, lambda);
            Assert.That(lambda[0] + lambda[1] + lambda[2], Is.EqualTo(1.0).Within(1e-12), "softmax weights sum to 1");
            HandGradients.SetToNone(run.HandOptimizer);
            var (logits, parity, recon) = run.Hand.forward(x);
            var total = Classification(logits, y) * (lambda[0] * declared[0])
                        + Parity(parity, y) * (lambda[1] * declared[1])
                        + Reconstruction(recon, x) * (lambda[2] * declared[2]);
            total.backward();
            run.HandOptimizer.step();

            var result = trainer.Step(x, y);
            Assert.That(result.Total, Is.EqualTo(total.item<float>()).Within(1e-5), $"total at step {step}");
            Assert.That(result.ParityWeight, Is.EqualTo(lambda[1] * declared[1]).Within(1e-6), $"the weight reported at step {step}");
        });
        run.AssertParametersEqual(1e-5);
    }

    [Test]
    public void Random_loss_weights_differ_from_step_to_step_and_evaluation_draws_none()
    {
        using var run = new ThreeHeadRun(seed: 62);
        using var trainer = new ThreeHeadRlw(run.Generated, run.GeneratedOptimizer);
        var first = trainer.Step(run.Batches.Input(0), run.Batches.Label(0)).ClassificationWeight;
        var evaluated = trainer.Evaluate(run.Batches.Input(1), run.Batches.Label(1)).ClassificationWeight;
        var again = trainer.Evaluate(run.Batches.Input(1), run.Batches.Label(1)).ClassificationWeight;
        var second = trainer.Step(run.Batches.Input(1), run.Batches.Label(1)).ClassificationWeight;

        Assert.That(second, Is.Not.EqualTo(first), "a new draw each step");
        Assert.That(evaluated, Is.EqualTo(second), "an evaluation uses the weights the next step will use");
        Assert.That(again, Is.EqualTo(evaluated), "and draws nothing");
    }

    [Test]
    public void A_users_own_method_matches_the_hand_loop()
    {
        const double beta = 0.8;
        using var run = new ThreeHeadRun(seed: 63);
        using var trainer = new ThreeHeadRunningMean(run.Generated, run.GeneratedOptimizer);
        var means = new[] { 1.0, 1.0, 1.0 };
        var seen = new bool[3];
        var declared = new[] { 1.0, 0.5, 0.5 };
        var parityRan = 0;

        run.Train(Steps, (step, x, y) =>
        {
            HandGradients.SetToNone(run.HandOptimizer);
            var (logits, parity, recon) = run.Hand.forward(x);
            var classification = Classification(logits, y);
            var parityOn = classification.item<float>() < GateThreshold;
            var losses = new[] { classification, parityOn ? Parity(parity, y) : null, Reconstruction(recon, x) };
            Tensor? total = null;
            for (var i = 0; i < 3; i++)
            {
                if (losses[i] is null) continue;
                var term = losses[i]! * (declared[i] / means[i]);
                total = total is null ? term : total + term;
            }
            var expectedParityWeight = declared[1] / means[1];
            for (var i = 0; i < 3; i++)
            {
                if (losses[i] is null) continue;
                var value = losses[i]!.item<float>();
                means[i] = seen[i] ? beta * means[i] + (1 - beta) * value : value;
                seen[i] = true;
            }
            total!.backward();
            run.HandOptimizer.step();

            var result = trainer.Step(x, y);
            Assert.That(result.Total, Is.EqualTo(total.item<float>()).Within(1e-5), $"total at step {step}");
            Assert.That(result.ParityGateOpen, Is.EqualTo(parityOn), $"gate at step {step}");
            if (parityOn)
            {
                parityRan++;
                Assert.That(result.ParityWeight, Is.EqualTo(expectedParityWeight).Within(1e-5), $"parity's weight at step {step}");
            }
            else
            {
                Assert.That(result.ParityWeight, Is.NaN, "no weight is reported for a loss that rests");
            }
        });
        run.AssertParametersEqual(1e-5);
        Assert.That(parityRan, Is.InRange(1, Steps - 1), "the gate was open on some steps and closed on others");
    }

    [Test]
    public void Famo_matches_the_hand_loop_that_recomputes_the_losses_after_each_step()
    {
        const double epsilon = 1e-8;
        using var run = new ThreeHeadRun(seed: 65);
        using var trainer = new ThreeHeadFamo(run.Generated, run.GeneratedOptimizer);
        var logits = new TorchSharp.Modules.Parameter(zeros(3), requires_grad: true);
        using var logitsOptimizer = optim.Adam([logits], 0.025, weight_decay: 1e-3);
        var declared = tensor(new[] { 1.0f, 0.5f, 0.5f });

        run.Train(Steps, (step, x, y) =>
        {
            HandGradients.SetToNone(run.HandOptimizer);
            var (logitsOut, parity, recon) = run.Hand.forward(x);
            var losses = stack([Classification(logitsOut, y), Parity(parity, y), Reconstruction(recon, x)]);
            var shares = softmax(logits, 0).detach() * declared;
            var normalizer = (shares / (losses.detach() + epsilon)).sum();
            var total = (shares / normalizer * (losses + epsilon).log()).sum();
            var parityWeight = (shares[1] / normalizer / (losses[1].detach() + epsilon)).item<float>();
            total.backward();
            run.HandOptimizer.step();

            Tensor after;
            using (no_grad())
            {
                var (l2, p2, r2) = run.Hand.forward(x);
                after = stack([Classification(l2, y), Parity(p2, y), Reconstruction(r2, x)]);
            }
            var fell = (losses.detach() + epsilon).log() - (after + epsilon).log();
            logits.grad = null;
            (softmax(logits, 0) * fell).sum().backward();
            logitsOptimizer.step();

            var result = trainer.Step(x, y);
            Assert.That(result.Total, Is.EqualTo(total.item<float>()).Within(1e-5), $"total at step {step}");
            Assert.That(result.ParityWeight, Is.EqualTo(parityWeight).Within(1e-5), $"parity's weight at step {step}");
        });
        run.AssertParametersEqual(1e-5);
        Assert.That(logits[0].item<float>(), Is.Not.EqualTo(0f), "the logits learned");
        logits.Dispose();
    }

    [Test]
    public void Rlw_and_a_users_method_leave_no_tensor_behind()
    {
        using var run = new ThreeHeadRun(seed: 64);
        using var rlw = new ThreeHeadRlw(run.Generated, run.GeneratedOptimizer);
        using var user = new ThreeHeadRunningMean(run.Hand, run.HandOptimizer);
        run.Train(1, (_, x, y) =>
        {
            rlw.Step(x, y);
            user.Step(x, y);
            rlw.Evaluate(x, y);   // the evaluation's value buffer is created on the first evaluation
        });
        var afterFirstStep = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        run.Train(10, (_, x, y) =>
        {
            rlw.Step(x, y);
            user.Step(x, y);
            rlw.Evaluate(x, y);
        });

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirstStep));
    }
}
