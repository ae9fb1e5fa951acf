using System;
using System.Linq;
using MultiLoss.Runtime;
using MultiLoss.Tests.Trainers;
using NUnit.Framework;
using TorchSharp;
using TorchSharp.Modules;
using static MultiLoss.Tests.Trainers.ThreeHeadLosses;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// GLS, STCH, IMTL-L, the scale-invariant log loss and ExcessMTL in generated steps against hand loops written from their
/// papers' formulas: 20 steps of the three-headed net with Adam, declared weights 1, 0.5 and 0.5.
/// </summary>
[TestFixture]
public sealed class LossWeightingMethodTests
{
    private const int Steps = 20;
    private static readonly double[] Declared = { 1.0, 0.5, 0.5 };

    private static Tensor?[] HandLosses(ThreeHeadRun run, Tensor x, Tensor y, bool gated)
    {
        var (logits, parity, recon) = run.Hand.forward(x);
        var classification = Classification(logits, y);
        var parityOn = !gated || classification.item<float>() < GateThreshold;
        return new[] { classification, parityOn ? Parity(parity, y) : null, Reconstruction(recon, x) };
    }

    private static double Value(Tensor? loss) => loss!.item<float>();

    [Test]
    public void Scale_invariant_log_loss_matches_the_hand_loop()
    {
        using var run = new ThreeHeadRun(seed: 71);
        using var trainer = new ThreeHeadLogLoss(run.Generated, run.GeneratedOptimizer);
        var parityRan = 0;

        run.Train(Steps, (step, x, y) =>
        {
            HandGradients.SetToNone(run.HandOptimizer);
            var losses = HandLosses(run, x, y, gated: true);
            // total = Σ w_i·log L_i over the active losses; ∂total/∂L_i = w_i/L_i.
            Tensor? total = null;
            for (var i = 0; i < 3; i++)
            {
                if (losses[i] is not { } loss) continue;
                var term = loss.log() * Declared[i];
                total = total is null ? term : total + term;
            }
            total!.backward();
            run.HandOptimizer.step();

            var result = trainer.Step(x, y);
            Assert.That(result.Total, Is.EqualTo(total.item<float>()).Within(1e-5), $"total at step {step}");
            Assert.That(result.ReconstructionWeight, Is.EqualTo(Declared[2] / Value(losses[2])).Within(1e-4), $"weight at step {step}");
            Assert.That(result.ParityGateOpen, Is.EqualTo(losses[1] is not null), $"gate at step {step}");
            if (losses[1] is null)
            {
                Assert.That(result.ParityWeight, Is.NaN);
                return;
            }
            parityRan++;
            Assert.That(result.ParityWeight, Is.EqualTo(Declared[1] / Value(losses[1])).Within(1e-5), $"parity's weight at step {step}");
        });
        run.AssertParametersEqual(1e-5);
        Assert.That(parityRan, Is.InRange(1, Steps - 1), "the gate was open on some steps and closed on others");
    }

    [Test]
    public void Geometric_loss_strategy_matches_the_hand_loop()
    {
        using var run = new ThreeHeadRun(seed: 72);
        using var trainer = new ThreeHeadGls(run.Generated, run.GeneratedOptimizer);
        var parityRan = 0;

        run.Train(Steps, (step, x, y) =>
        {
            HandGradients.SetToNone(run.HandOptimizer);
            var losses = HandLosses(run, x, y, gated: true);
            // total = (Π L_i^(w_i))^(1/W), W = Σ w_i over the active losses: with unit weights the K-th root of the product.
            Tensor product = ones(1).squeeze();
            var weightSum = 0.0;
            for (var i = 0; i < 3; i++)
            {
                if (losses[i] is not { } loss) continue;
                product = product * loss.pow(Declared[i]);
                weightSum += Declared[i];
            }
            var total = product.pow(1.0 / weightSum);
            var g = total.item<float>();
            total.backward();
            run.HandOptimizer.step();

            var result = trainer.Step(x, y);
            Assert.That(result.Total, Is.EqualTo(g).Within(1e-5), $"total at step {step}");
            Assert.That(result.ClassificationWeight, Is.EqualTo(g * Declared[0] / (weightSum * Value(losses[0]))).Within(1e-5), $"weight at step {step}");
            if (losses[1] is not null)
            {
                parityRan++;
                Assert.That(result.ParityWeight, Is.EqualTo(g * Declared[1] / (weightSum * Value(losses[1]))).Within(1e-5), $"parity's weight at step {step}");
            }
            else
            {
                Assert.That(result.ParityWeight, Is.NaN);
            }
        });
        run.AssertParametersEqual(1e-5);
        Assert.That(parityRan, Is.InRange(1, Steps - 1), "the gate was open on some steps and closed on others");
    }

    [Test]
    public void Impartial_loss_scaling_matches_the_hand_loop()
    {
        using var run = new ThreeHeadRun(seed: 73);
        using var trainer = new ThreeHeadImtlL(run.Generated, run.GeneratedOptimizer);
        // The hand loop's s_i are parameters of its own Adam, with the same options.
        using var scales = new Parameter(zeros(3), requires_grad: true);
        using var handOptimizer = optim.Adam(run.Hand.parameters().Append(scales), ThreeHeadRun.LearningRate);

        run.Train(Steps, (step, x, y) =>
        {
            HandGradients.SetToNone(handOptimizer);
            var losses = HandLosses(run, x, y, gated: false);
            // total = Σ w_i·(e^(s_i)·L_i − s_i); the weight of L_i is w_i·e^(s_i).
            var total = Declared[0] * (scales[0].exp() * losses[0]! - scales[0])
                        + Declared[1] * (scales[1].exp() * losses[1]! - scales[1])
                        + Declared[2] * (scales[2].exp() * losses[2]! - scales[2]);
            var parityWeight = Declared[1] * scales[1].exp().item<float>();
            total.backward();
            handOptimizer.step();

            var result = trainer.Step(x, y);
            Assert.That(result.Total, Is.EqualTo(total.item<float>()).Within(1e-5), $"total at step {step}");
            Assert.That(result.ParityWeight, Is.EqualTo(parityWeight).Within(1e-6), $"weight at step {step}");
        });
        run.AssertParametersEqual(1e-5);
        var state = trainer.SaveState().Value("Weighting.LossScales");
        Assert.That(state, Is.EqualTo(scales.data<float>().ToArray().Select(v => (double)v).ToArray()).Within(1e-5));
        Assert.That(state.Max(Math.Abs), Is.GreaterThan(0.05), "the optimizer trains the scales");
    }

    [Test]
    public void Smooth_Tchebycheff_matches_the_hand_loop()
    {
        const int stepsPerEpoch = 4;
        const int warmupEpochs = 3;
        const double mu = 0.5;
        using var run = new ThreeHeadRun(seed: 74);
        using var trainer = new ThreeHeadStch(run.Generated, run.GeneratedOptimizer);
        var sums = new double[3];
        var means = new double[3];
        var scalarized = 0;

        run.Train(Steps, (step, x, y) =>
        {
            HandGradients.SetToNone(run.HandOptimizer);
            var losses = HandLosses(run, x, y, gated: false);
            var values = losses.Select(Value).ToArray();
            Tensor total;
            double[] weights;
            if (step < warmupEpochs * stepsPerEpoch)
            {
                // The warm-up: Σ w_i·log L_i, and the sums of the last warm-up epoch's losses.
                total = Declared[0] * losses[0]!.log() + Declared[1] * losses[1]!.log() + Declared[2] * losses[2]!.log();
                weights = values.Select((v, i) => Declared[i] / v).ToArray();
                if (step >= (warmupEpochs - 1) * stepsPerEpoch)
                {
                    for (var i = 0; i < 3; i++) sums[i] += values[i];
                }
            }
            else
            {
                // K·μ·log Σ exp(w_i·(log L_i − log z_i)/μ), z_i the last warm-up epoch's mean.
                scalarized++;
                var terms = stack(losses.Select((l, i) => (l!.log() - Math.Log(means[i])) * (Declared[i] / mu)).ToArray());
                total = 3 * mu * terms.logsumexp(0);
                var p = terms.softmax(0).data<float>().ToArray();
                weights = values.Select((v, i) => 3 * p[i] * Declared[i] / v).ToArray();
            }
            total.backward();
            run.HandOptimizer.step();

            var result = trainer.Step(x, y);
            Assert.That(result.Total, Is.EqualTo(total.item<float>()).Within(1e-5), $"total at step {step}");
            Assert.That(result.ClassificationWeight, Is.EqualTo(weights[0]).Within(1e-4), $"weight 0 at step {step}");
            Assert.That(result.ParityWeight, Is.EqualTo(weights[1]).Within(1e-4), $"weight 1 at step {step}");
            if ((step + 1) % stepsPerEpoch == 0)
            {
                trainer.EndEpoch();
                if (step + 1 == warmupEpochs * stepsPerEpoch) means = sums.Select(s => s / stepsPerEpoch).ToArray();
            }
        });
        run.AssertParametersEqual(1e-5);
        Assert.That(scalarized, Is.EqualTo(Steps - warmupEpochs * stepsPerEpoch));
        var references = trainer.SaveState().Value("Weighting.References");
        Assert.That(references, Is.EqualTo(means).Within(1e-6), "the references are the last warm-up epoch's means");
    }

    [Test]
    public void ExcessMtl_matches_the_hand_loop()
    {
        const double stepSize = 0.5;
        using var run = new ThreeHeadRun(seed: 75);
        using var trainer = new ThreeHeadExcessMtl(run.Generated, run.GeneratedOptimizer);
        var shared = run.Hand.Body.parameters().ToArray();
        var alpha = new[] { 1.0, 1.0, 1.0 };
        Tensor? squares = null;
        double[]? baseline = null;

        run.Train(Steps, (step, x, y) =>
        {
            HandGradients.SetToNone(run.HandOptimizer);
            var losses = HandLosses(run, x, y, gated: false);
            var coefficients = alpha.Select((a, i) => a * Declared[i]).ToArray();

            // Each loss's gradient of the body, as a row of G.
            var rows = new Tensor[3];
            for (var i = 0; i < 3; i++)
            {
                losses[i]!.backward(retain_graph: true, inputs: shared);
                rows[i] = cat(shared.Select(p => p.grad!.flatten()).ToArray()).clone();
                foreach (var p in shared) p.grad = null;
            }
            var g = stack(rows);
            // S += G²; e_i = Σ g_i²/√(S_i + 1e-7); r = e/e(1); α ← α·exp(η·r), renormalised to sum to K (from the second step).
            var previous = squares;
            squares = previous is null ? g.square() : previous + g.square();
            squares.DetachFromDisposeScope();
            previous?.Dispose();
            var risks = (g.square() / (squares + 1e-7).sqrt()).sum(1).data<float>().ToArray().Select(v => (double)v).ToArray();
            if (baseline is null)
            {
                baseline = risks;
            }
            else
            {
                var raised = alpha.Select((a, i) => a * Math.Exp(stepSize * risks[i] / baseline[i])).ToArray();
                alpha = raised.Select(a => 3 * a / raised.Sum()).ToArray();
            }

            // The step's total holds the weights of the step before.
            var total = coefficients[0] * losses[0]! + coefficients[1] * losses[1]! + coefficients[2] * losses[2]!;
            total.backward();
            run.HandOptimizer.step();

            var result = trainer.Step(x, y);
            Assert.That(result.Total, Is.EqualTo(total.item<float>()).Within(1e-5), $"total at step {step}");
            Assert.That(result.ClassificationWeight, Is.EqualTo(coefficients[0]).Within(1e-5), $"weight 0 at step {step}");
            Assert.That(result.ParityWeight, Is.EqualTo(coefficients[1]).Within(1e-5), $"weight 1 at step {step}");
        });
        run.AssertParametersEqual(1e-5);
        Assert.That(trainer.SaveState().Value("Weighting.Weights"), Is.EqualTo(alpha).Within(1e-4));
        Assert.That(alpha.Max() - alpha.Min(), Is.GreaterThan(0.05), "the case is not degenerate: the weights moved apart");
        squares?.Dispose();
    }

    [Test]
    public void The_new_methods_leave_no_tensor_behind()
    {
        using var run = new ThreeHeadRun(seed: 76);
        using var gls = new ThreeHeadGls(run.Generated, run.GeneratedOptimizer);
        using var stch = new ThreeHeadStch(run.Generated, run.GeneratedOptimizer);
        using var imtl = new ThreeHeadImtlL(run.Generated, run.GeneratedOptimizer);
        using var log = new ThreeHeadLogLoss(run.Generated, run.GeneratedOptimizer);
        using var excess = new ThreeHeadExcessMtl(run.Hand, run.HandOptimizer);
        var steps = 0;
        void All(Tensor x, Tensor y)
        {
            gls.Step(x, y);
            stch.Step(x, y);
            imtl.Step(x, y);
            log.Step(x, y);
            excess.Step(x, y);
            gls.Evaluate(x, y);
            stch.Evaluate(x, y);
            imtl.Evaluate(x, y);
            log.Evaluate(x, y);
            excess.Evaluate(x, y);
            if (++steps % 2 == 0) stch.EndEpoch();
        }

        // Six steps: STCH's warm-up is over after the third epoch.
        run.Train(6, (_, x, y) => All(x, y));
        var afterWarmUp = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        run.Train(6, (_, x, y) => All(x, y));

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterWarmUp));
    }
}
