using System.Linq;
using System.Runtime.InteropServices;
using MultiLoss.Tests.Trainers;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace MultiLoss.Tests;

/// <summary>
/// <c>[Loss(Updates = nameof(member))]</c>: the loss trains only that module's parameters, as
/// <c>backward(inputs: ...)</c> does by hand. With separate backward, such a loss keeps the seed's literal
/// one-backward-per-loss form (with retain_graph on all but the last).
/// </summary>
[TestFixture]
public sealed class RestrictedLossTests
{
    private const int Steps = 30;

    [TestCase(OptimizerKind.SgdMomentum)]
    [TestCase(OptimizerKind.Adam)]
    public void Combined_backward_with_a_restricted_loss_matches_the_hand_loop(OptimizerKind kind)
    {
        using var batches = new Batches(count: 5, batchSize: 32, seed: 71);
        using var handModel = Models.SharedBody(seed: 72);
        using var generatedModel = Models.SharedBody(seed: 72);
        using var handOptimizer = Optimizers.Create(kind, handModel);
        using var generatedOptimizer = Optimizers.Create(kind, generatedModel);
        using var trainer = new RestrictedLossTrainer(generatedModel, generatedOptimizer);
        var decoderParameters = handModel.Decoder.parameters().ToArray();

        for (var step = 0; step < Steps; step++)
        {
            var (x, y) = (batches.Input(step), batches.Label(step));
            using var scope = NewDisposeScope();
            HandGradients.SetToNone(handOptimizer);
            var (logits, recon) = handModel.forward(x);
            var classification = cross_entropy(logits, y);
            var reconstruction = mse_loss(recon, x);
            var sparsity = logits.abs().mean();
            (classification + 0.1 * sparsity).backward(retain_graph: true);
            (0.5 * reconstruction).backward(inputs: decoderParameters);
            handOptimizer.step();

            var result = trainer.Step(x, y);
            Assert.That(result.Total, Is.EqualTo((classification + 0.5 * reconstruction + 0.1 * sparsity).item<float>()).Within(1e-5));
        }

        ParameterAssert.Equal(handModel, generatedModel, Optimizers.ParameterTolerance(kind));
    }

    [TestCase(OptimizerKind.SgdMomentum)]
    [TestCase(OptimizerKind.Adam)]
    public void Separate_backward_with_a_restricted_loss_matches_the_literal_hand_loop(OptimizerKind kind)
    {
        using var batches = new Batches(count: 5, batchSize: 32, seed: 73);
        using var handModel = Models.SharedBody(seed: 74);
        using var generatedModel = Models.SharedBody(seed: 74);
        using var handOptimizer = Optimizers.Create(kind, handModel);
        using var generatedOptimizer = Optimizers.Create(kind, generatedModel);
        using var trainer = new SeparateRestrictedTrainer(generatedModel, generatedOptimizer);
        var decoderParameters = handModel.Decoder.parameters().ToArray();

        for (var step = 0; step < Steps; step++)
        {
            var (x, y) = (batches.Input(step), batches.Label(step));
            using var scope = NewDisposeScope();
            HandGradients.SetToNone(handOptimizer);
            var (logits, recon) = handModel.forward(x);
            cross_entropy(logits, y).backward(retain_graph: true);
            (0.5 * mse_loss(recon, x)).backward(retain_graph: true, inputs: decoderParameters);
            (0.1 * logits.abs().mean()).backward();
            handOptimizer.step();

            trainer.Step(x, y);
        }
        trainer.LastGraph?.Dispose();

        ParameterAssert.Equal(handModel, generatedModel, Optimizers.ParameterTolerance(kind));
    }

    [Test]
    public void A_restricted_loss_leaves_the_other_parameters_gradients_untouched()
    {
        using var batches = new Batches(count: 1, batchSize: 32, seed: 75);
        using var reference = Models.SharedBody(seed: 76);
        using var generatedModel = Models.SharedBody(seed: 76);
        using var optimizer = optim.SGD(generatedModel.parameters(), 0.0);
        using var trainer = new RestrictedLossTrainer(generatedModel, optimizer);
        var (x, y) = (batches.Input(0), batches.Label(0));
        using var scope = NewDisposeScope();

        // Reference gradients: body and classifier from the unrestricted losses only, decoder from Reconstruction only.
        var (logits, recon) = reference.forward(x);
        (cross_entropy(logits, y) + 0.1 * logits.abs().mean()).backward();
        (0.5 * mse_loss(recon, x)).backward(inputs: reference.Decoder.parameters().ToArray());

        trainer.Step(x, y);

        AssertGradientsEqual(reference.Body, generatedModel.Body);
        AssertGradientsEqual(reference.Classifier, generatedModel.Classifier);
        AssertGradientsEqual(reference.Decoder, generatedModel.Decoder);
        Assert.That(reference.Body.parameters().First().grad!.abs().max().item<float>(), Is.GreaterThan(0), "the body trains from the other losses");
    }

    [Test]
    public void The_literal_separate_form_frees_the_graph_after_the_last_backward()
    {
        using var batches = new Batches(count: 1, batchSize: 16, seed: 77);
        using var model = Models.SharedBody(seed: 78);
        using var optimizer = Optimizers.Create(OptimizerKind.SgdMomentum, model);
        using var trainer = new SeparateRestrictedTrainer(model, optimizer);

        trainer.Step(batches.Input(0), batches.Label(0));
        using var lastGraph = trainer.LastGraph!;

        Assert.That(() => lastGraph.backward(), Throws.TypeOf<ExternalException>().With.Message.Contains("backward through the graph a second time"));
    }

    [Test]
    public void Restricted_losses_leave_no_tensor_behind()
    {
        using var batches = new Batches(count: 4, batchSize: 16, seed: 79);
        using var model = Models.SharedBody(seed: 80);
        using var optimizer = Optimizers.Create(OptimizerKind.Adam, model);
        using var trainer = new RestrictedLossTrainer(model, optimizer);

        trainer.Step(batches.Input(0), batches.Label(0));
        var afterFirstStep = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var step = 1; step < 200; step++) trainer.Step(batches.Input(step), batches.Label(step));

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirstStep));
    }

    private static void AssertGradientsEqual(nn.Module expected, nn.Module actual)
    {
        var expectedParameters = expected.parameters().ToArray();
        var actualParameters = actual.parameters().ToArray();
        for (var i = 0; i < expectedParameters.Length; i++)
        {
            var difference = (expectedParameters[i].grad! - actualParameters[i].grad!).abs().max().item<float>();
            Assert.That(difference, Is.LessThanOrEqualTo(1e-6), $"gradient of parameter {i} of {expected.GetName()}");
        }
    }
}
