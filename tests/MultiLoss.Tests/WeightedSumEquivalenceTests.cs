using MultiLoss.Tests.Trainers;
using NUnit.Framework;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace MultiLoss.Tests;

/// <summary>
/// The generated step against the loop a user writes by hand, from the same seed: after 20 steps every
/// parameter must match, and each step must report the same loss values.
/// </summary>
[TestFixture]
public sealed class WeightedSumEquivalenceTests
{
    private const int Steps = 20;
    private const double LossTolerance = 1e-5;

    [TestCase(OptimizerKind.SgdMomentum)]
    [TestCase(OptimizerKind.Adam)]
    public void Weighted_two_losses_match_the_hand_loop(OptimizerKind kind)
    {
        using var batches = new Batches(count: 5, batchSize: 32, seed: 11);
        using var handModel = Models.Mlp(seed: 7);
        using var generatedModel = Models.Mlp(seed: 7);
        using var initialModel = Models.Mlp(seed: 7);
        using var handOptimizer = Optimizers.Create(kind, handModel);
        using var generatedOptimizer = Optimizers.Create(kind, generatedModel);
        using var trainer = new WeightedTrainer(generatedModel, generatedOptimizer);

        for (var step = 0; step < Steps; step++)
        {
            var x = batches.Input(step);
            var y = batches.Label(step);
            using (NewDisposeScope())
            {
                HandGradients.SetToNone(handOptimizer);
                var output = handModel.forward(x);
                var classification = cross_entropy(output, y);
                var confidence = output.pow(2).mean();
                var loss = 0.7 * classification + 0.3 * confidence;
                loss.backward();
                handOptimizer.step();

                var result = trainer.Step(x, y);
                Assert.That(result.Classification, Is.EqualTo(classification.item<float>()).Within(LossTolerance));
                Assert.That(result.Confidence, Is.EqualTo(confidence.item<float>()).Within(LossTolerance));
                Assert.That(result.Total, Is.EqualTo(loss.item<float>()).Within(LossTolerance));
            }
        }

        ParameterAssert.Equal(handModel, generatedModel, Optimizers.ParameterTolerance(kind));
        Assert.That(ParameterAssert.Changed(generatedModel, initialModel), Is.True, "training did not move the parameters");
    }

    [TestCase(OptimizerKind.SgdMomentum)]
    [TestCase(OptimizerKind.Adam)]
    public void Unweighted_three_losses_match_the_hand_loop(OptimizerKind kind)
    {
        using var batches = new Batches(count: 5, batchSize: 32, seed: 12);
        using var handModel = Models.Mlp(seed: 8);
        using var generatedModel = Models.Mlp(seed: 8);
        using var handOptimizer = Optimizers.Create(kind, handModel);
        using var generatedOptimizer = Optimizers.Create(kind, generatedModel);
        using var trainer = new SumTrainer(generatedModel, generatedOptimizer);

        for (var step = 0; step < Steps; step++)
        {
            var x = batches.Input(step);
            var y = batches.Label(step);
            using (NewDisposeScope())
            {
                HandGradients.SetToNone(handOptimizer);
                var output = handModel.forward(x);
                var loss = cross_entropy(output, y) + output.pow(2).mean() + output.abs().mean();
                loss.backward();
                handOptimizer.step();

                var result = trainer.Step(x, y);
                Assert.That(result.Total, Is.EqualTo(loss.item<float>()).Within(LossTolerance));
            }
        }

        ParameterAssert.Equal(handModel, generatedModel, Optimizers.ParameterTolerance(kind));
    }

    [TestCase(OptimizerKind.SgdMomentum)]
    [TestCase(OptimizerKind.Adam)]
    public void Two_heads_through_a_forward_method_match_the_hand_loop(OptimizerKind kind)
    {
        using var batches = new Batches(count: 5, batchSize: 32, seed: 13);
        using var handModel = Models.TwoHead(seed: 9);
        using var generatedModel = Models.TwoHead(seed: 9);
        using var handOptimizer = Optimizers.Create(kind, handModel);
        using var generatedOptimizer = Optimizers.Create(kind, generatedModel);
        using var trainer = new TwoHeadTrainer(generatedModel, generatedOptimizer);

        for (var step = 0; step < Steps; step++)
        {
            var images = batches.Input(step);
            var labels = batches.Label(step);
            using (NewDisposeScope())
            {
                HandGradients.SetToNone(handOptimizer);
                var (logits, recon) = handModel.forward(images);
                var classification = cross_entropy(logits, labels);
                var reconstruction = mse_loss(recon, images);
                var loss = 1.0 * classification + 0.1 * reconstruction;
                loss.backward();
                handOptimizer.step();

                var result = trainer.Train(images, labels);
                Assert.That(result.Reconstruction, Is.EqualTo(reconstruction.item<float>()).Within(LossTolerance));
                Assert.That(result.Total, Is.EqualTo(loss.item<float>()).Within(LossTolerance));
            }
        }

        ParameterAssert.Equal(handModel, generatedModel, Optimizers.ParameterTolerance(kind));
    }
}
