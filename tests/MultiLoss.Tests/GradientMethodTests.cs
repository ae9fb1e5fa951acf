using System;
using System.Linq;
using MultiLoss.Tests.Trainers;
using NUnit.Framework;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace MultiLoss.Tests;

/// <summary>GradNorm and PCGrad in generated steps against hand loops written from the papers' formulas (20 steps, 1e-5).</summary>
[TestFixture]
public sealed class GradientMethodTests
{
    private const int Steps = 20;
    private const double Tolerance = 1e-5;

    [TestCase(OptimizerKind.SgdMomentum)]
    [TestCase(OptimizerKind.Adam)]
    public void GradNorm_matches_the_hand_loop(OptimizerKind kind)
    {
        const double alpha = 1.5;
        using var batches = new Batches(count: 5, batchSize: 32, seed: 121);
        using var handModel = Models.SharedBody(seed: 122);
        using var generatedModel = Models.SharedBody(seed: 122);
        // Declared weights 1 and 0.5, renormalised to sum to the number of losses (2).
        var weights = new Parameter(tensor(new[] { 2.0f / 1.5f, 1.0f / 1.5f }), requires_grad: true);
        using var handOptimizer = Create(kind, handModel.parameters().Append(weights));
        using var generatedOptimizer = Optimizers.Create(kind, generatedModel);
        using var trainer = new GradNormTrainer(generatedModel, generatedOptimizer);
        var shared = handModel.Body.parameters().ToArray();
        double[]? initialLosses = null;

        for (var step = 0; step < Steps; step++)
        {
            var (x, y) = (batches.Input(step), batches.Label(step));
            using var scope = NewDisposeScope();
            HandGradients.SetToNone(handOptimizer);
            var (logits, recon) = handModel.forward(x);
            var losses = new[] { cross_entropy(logits, y), mse_loss(recon, x) };
            var values = losses.Select(l => (double)l.item<float>()).ToArray();
            initialLosses ??= values;
            var weightsUsed = new[] { weights[0].item<float>(), weights[1].item<float>() };

            // G_i = |w_i|·‖∇_W L_i‖ at the shared layer; the target Ḡ·r_i^α is a constant.
            var norms = new double[2];
            for (var i = 0; i < 2; i++)
            {
                losses[i].backward(retain_graph: true, inputs: shared);
                norms[i] = Math.Sqrt(shared.Sum(p => p.grad!.pow(2).sum().item<float>()));
                foreach (var p in shared) p.grad!.zero_().Dispose();
            }
            var gradientNorms = weights.abs() * tensor(new[] { (float)norms[0], (float)norms[1] });
            var ratios = values.Select((v, i) => v / initialLosses[i]).ToArray();
            var meanRatio = ratios.Average();
            var meanNorm = gradientNorms.mean().item<float>();
            var targets = tensor(ratios.Select(r => (float)(meanNorm * Math.Pow(r / meanRatio, alpha))).ToArray());
            (gradientNorms - targets).abs().sum().backward(inputs: new[] { weights });

            (weightsUsed[0] * losses[0] + weightsUsed[1] * losses[1]).backward();
            handOptimizer.step();
            using (no_grad())
            {
                weights.mul_(2.0 / weights.sum().item<float>());
            }

            var result = trainer.Step(x, y);
            Assert.That(result.ClassificationWeight, Is.EqualTo(weightsUsed[0]).Within(Tolerance), $"weight at step {step}");
            Assert.That(result.ReconstructionWeight, Is.EqualTo(weightsUsed[1]).Within(Tolerance), $"weight at step {step}");
        }

        ParameterAssert.Equal(handModel, generatedModel, Tolerance);
        weights.Dispose();
    }

    [TestCase(OptimizerKind.SgdMomentum)]
    [TestCase(OptimizerKind.Adam)]
    public void PCGrad_matches_the_hand_loop(OptimizerKind kind)
    {
        using var batches = new Batches(count: 5, batchSize: 32, seed: 123);
        using var handModel = Models.SharedBody(seed: 124);
        using var generatedModel = Models.SharedBody(seed: 124);
        using var handOptimizer = Optimizers.Create(kind, handModel);
        using var generatedOptimizer = Optimizers.Create(kind, generatedModel);
        using var trainer = new PCGradTrainer(generatedModel, generatedOptimizer);
        var shared = handModel.Body.parameters().ToArray();
        var heads = handModel.Classifier.parameters().Concat(handModel.Decoder.parameters()).ToArray();
        var conflicts = 0;

        for (var step = 0; step < Steps; step++)
        {
            var (x, y) = (batches.Input(step), batches.Label(step));
            using var scope = NewDisposeScope();
            HandGradients.SetToNone(handOptimizer);
            var (logits, recon) = handModel.forward(x);
            var losses = new[] { cross_entropy(logits, y), 0.5 * mse_loss(recon, x) };

            // Per-loss gradients of the shared parameters, each as one flat vector.
            var gradients = new Tensor[2];
            for (var i = 0; i < 2; i++)
            {
                losses[i].backward(retain_graph: true, inputs: shared);
                gradients[i] = cat(shared.Select(p => p.grad!.flatten()).ToArray()).clone();
                foreach (var p in shared) p.grad!.zero_().Dispose();
            }
            // With two losses, each is projected off the other (the "random order" has one element).
            var dot = gradients[0].dot(gradients[1]).item<float>();
            var projected = gradients.Select(g => g.clone()).ToArray();
            if (dot < 0)
            {
                conflicts++;
                projected[0] -= dot / gradients[1].pow(2).sum().item<float>() * gradients[1];
                projected[1] -= dot / gradients[0].pow(2).sum().item<float>() * gradients[0];
            }
            var sum = projected[0] + projected[1];
            var offset = 0L;
            foreach (var p in shared)
            {
                p.grad!.copy_(sum.narrow(0, offset, p.numel()).view(p.shape));
                offset += p.numel();
            }
            (losses[0] + losses[1]).backward(inputs: heads);
            handOptimizer.step();

            trainer.Step(x, y);
        }

        Assert.That(conflicts, Is.GreaterThan(0), "no step had conflicting gradients, so the projection was not exercised");
        ParameterAssert.Equal(handModel, generatedModel, Tolerance);
    }

    [Test]
    public void GradNorm_weights_are_restored_from_a_saved_state()
    {
        using var batches = new Batches(count: 5, batchSize: 32, seed: 127);
        using var model = Models.SharedBody(seed: 128);
        using var optimizer = Optimizers.Create(OptimizerKind.SgdMomentum, model);
        using var trainer = new GradNormTrainer(model, optimizer);
        for (var step = 0; step < 10; step++) trainer.Step(batches.Input(step), batches.Label(step));
        var state = trainer.SaveState();
        var weights = state.Value("Weighting.Weights");
        Assert.That(weights[0], Is.Not.EqualTo(2.0 / 1.5).Within(1e-6), "the weights moved");

        using var otherOptimizer = Optimizers.Create(OptimizerKind.SgdMomentum, model);
        using var restored = new GradNormTrainer(model, otherOptimizer);
        restored.RestoreState(state);

        Assert.That(restored.SaveState().Value("Weighting.Weights"), Is.EqualTo(weights).Within(1e-6));
        Assert.That(restored.SaveState().Value("Weighting.InitialLosses"), Is.EqualTo(state.Value("Weighting.InitialLosses")).Within(1e-6));
    }

    [Test]
    public void GradNorm_and_PCGrad_leave_no_tensor_behind()
    {
        using var batches = new Batches(count: 5, batchSize: 16, seed: 125);
        using var model = Models.SharedBody(seed: 126);
        using var optimizer = Optimizers.Create(OptimizerKind.Adam, model);
        using var gradNorm = new GradNormTrainer(model, optimizer);
        using var pcGrad = new PCGradTrainer(model, optimizer);

        gradNorm.Step(batches.Input(0), batches.Label(0));
        pcGrad.Step(batches.Input(0), batches.Label(0));
        var afterFirstStep = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var step = 1; step < 200; step++)
        {
            gradNorm.Step(batches.Input(step), batches.Label(step));
            pcGrad.Step(batches.Input(step), batches.Label(step));
        }

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirstStep));
    }

    private static optim.Optimizer Create(OptimizerKind kind, System.Collections.Generic.IEnumerable<Parameter> parameters) => kind switch
    {
        OptimizerKind.SgdMomentum => optim.SGD(parameters, 0.05, momentum: 0.9),
        _ => optim.Adam(parameters, 0.01),
    };
}
