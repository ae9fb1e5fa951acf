using System;
using MultiLoss.Tests.Trainers;
using MultiLoss.Tests.UserMethods;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// Mistakes the compiler cannot see, caught at the first step with an error that names the trainer, the loss or the
/// method, the rule and the fix, before anything trains.
/// </summary>
public sealed class MisuseTests
{
    private const int BatchSize = 8;
    private static readonly string Trainer = typeof(ChosenLossTrainer).FullName!;

    [Test]
    public void A_loss_that_is_not_one_value_is_named()
    {
        using var run = new Run(seed: 161);
        run.Trainer.Second = output => output.pow(2);

        var failure = Assert.Throws<LossComputationException>(() => run.Step())!;

        Assert.That(failure.Loss, Is.EqualTo("Activity"));
        Assert.That(failure.Trainer, Is.EqualTo(Trainer));
        Assert.That(failure.InnerException, Is.TypeOf<ArgumentException>().With.Message.Contains($"must be one value, but this one has shape [{BatchSize}, {Models.Classes}]"));
        Assert.That(run.Trainer.StepsTaken, Is.Zero, "the step did not happen");
    }

    [Test]
    public void A_loss_without_a_graph_is_named_in_a_step_and_read_in_an_evaluation()
    {
        using var run = new Run(seed: 162);
        run.Trainer.Second = output => tensor(output.pow(2).mean().item<float>());

        var failure = Assert.Throws<LossComputationException>(() => run.Step())!;

        Assert.That(failure.Loss, Is.EqualTo("Activity"));
        Assert.That(failure.InnerException!.Message, Does.Contain("has no graph to backpropagate"));
        Assert.That(double.IsFinite(run.Trainer.Evaluate(run.Batches.Input(0), run.Batches.Label(0)).Activity), "an evaluation needs no graph");
    }

    [Test]
    public void A_step_with_gradients_off_says_so()
    {
        using var run = new Run(seed: 163);

        using (torch.no_grad())
        {
            Assert.That(() => run.Step(), Throws.InvalidOperationException.With.Message.StartsWith($"{Trainer}: Step was called with gradients off"));
        }
        Assert.That(run.Trainer.StepsTaken, Is.Zero);
        Assert.That(() => run.Step(), Throws.Nothing, "outside no_grad it trains");
    }

    [Test]
    public void A_step_puts_the_model_in_training_mode_and_an_evaluation_leaves_the_mode_as_it_was()
    {
        using var run = new Run(seed: 164);
        run.Model.eval();

        run.Step();

        Assert.That(run.Model.training, Is.True);
        run.Model.eval();
        run.Trainer.Evaluate(run.Batches.Input(0), run.Batches.Label(0));
        Assert.That(run.Model.training, Is.False);
    }

    [TestCase(true, "returned a tensor of shape [3], not one value")]
    [TestCase(false, "returned a total without a graph")]
    public void A_weighting_methods_total_that_is_not_one_value_with_a_graph_names_the_method(bool vector, string problem)
    {
        using var run = new ThreeHeadRun(seed: 165);
        using var trainer = new ThreeHeadOpen(run.Generated, run.GeneratedOptimizer, new MisbehavingTotalAttribute { Vector = vector });

        Assert.That(() => run.Train(1, (_, x, y) => trainer.Step(x, y)),
            Throws.InvalidOperationException.With.Message.StartsWith($"MisbehavingTotal.Combine in '{typeof(ThreeHeadOpen).FullName}' {problem}"));
        Assert.That(trainer.StepsTaken, Is.Zero);
        run.AssertParametersEqual(tolerance: 0);
    }

    [Test]
    public void An_aggregation_at_an_output_a_loss_is_not_computed_from_names_the_loss()
    {
        using var run = new ThreeHeadRun(seed: 166);
        using var trainer = new ThreeHeadAtHiddenWithDecay(run.Generated, run.GeneratedOptimizer);

        Assert.That(() => run.Train(1, (_, x, y) => trainer.Step(x, y)), Throws.InvalidOperationException.With.Message.Contains(
            "aggregates the losses' gradients at the forward output 'hidden', but the loss 'Decay' is not computed from it"));
        run.AssertParametersEqual(tolerance: 0);
    }

    [Test]
    public void An_aggregation_that_assigns_its_result_instead_of_writing_into_it_is_named_at_the_first_step()
    {
        using var run = new ThreeHeadRun(seed: 167);
        using var trainer = new ThreeHeadOpen(run.Generated, run.GeneratedOptimizer, new AssigningAggregationAttribute());

        Assert.That(() => run.Train(1, (_, x, y) => trainer.Step(x, y)), Throws.InvalidOperationException.With.Message.StartsWith(
            $"AssigningAggregation.Aggregate in '{typeof(ThreeHeadOpen).FullName}' wrote nothing into its result"));
        run.AssertParametersEqual(tolerance: 0);
    }

    [Test]
    public void An_optimizer_that_holds_none_of_the_models_parameters_is_named_before_anything_trains()
    {
        using var other = Models.Mlp(seed: 169);
        using var run = new Run(seed: 168, optimizerOver: _ => other.parameters());
        var before = Values(run.Model, "");

        Assert.That(() => run.Step(), Throws.InvalidOperationException.With.Message.StartsWith(
            $"{Trainer}: the optimizer 'optimizer' holds none of the parameters of the model 'model'").And.Message.Contains("model.parameters()"));

        Assert.That(run.Trainer.StepsTaken, Is.Zero);
        Assert.That(Values(run.Model, ""), Is.EqualTo(before), "nothing trained");
    }

    [Test]
    public void An_optimizer_that_holds_some_of_the_models_parameters_trains_those()
    {
        using var run = new Run(seed: 170, optimizerOver: model => Parameters(model, "fc2."));
        var (hidden, head) = (Values(run.Model, "fc1."), Values(run.Model, "fc2."));

        run.Step();
        run.Step();

        Assert.That(run.Trainer.StepsTaken, Is.EqualTo(2));
        Assert.That(Values(run.Model, "fc1."), Is.EqualTo(hidden), "not in the optimizer");
        Assert.That(Values(run.Model, "fc2."), Is.Not.EqualTo(head));
    }

    private static System.Collections.Generic.List<TorchSharp.Modules.Parameter> Parameters(nn.Module model, string prefix)
    {
        var parameters = new System.Collections.Generic.List<TorchSharp.Modules.Parameter>();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal)) parameters.Add(parameter);
        }
        return parameters;
    }

    private static double[] Values(nn.Module model, string prefix)
    {
        var values = new System.Collections.Generic.List<double>();
        foreach (var parameter in Parameters(model, prefix))
        {
            using var wide = parameter.detach().to(ScalarType.Float64);
            values.AddRange(wide.data<double>().ToArray());
        }
        return values.ToArray();
    }

    private sealed class Run : IDisposable
    {
        public Run(int seed, Func<nn.Module, System.Collections.Generic.IEnumerable<TorchSharp.Modules.Parameter>>? optimizerOver = null)
        {
            Batches = new Batches(count: 1, batchSize: BatchSize, seed: seed);
            Model = Models.Mlp(seed);
            Optimizer = optim.SGD(optimizerOver is null ? Model.parameters() : optimizerOver(Model), 0.05);
            Trainer = new ChosenLossTrainer(Model, Optimizer);
        }

        public Batches Batches { get; }

        public nn.Module<Tensor, Tensor> Model { get; }

        public optim.Optimizer Optimizer { get; }

        public ChosenLossTrainer Trainer { get; }

        public void Step()
        {
            using var scope = NewDisposeScope();
            Trainer.Step(Batches.Input(0), Batches.Label(0));
        }

        public void Dispose()
        {
            Trainer.Dispose();
            Optimizer.Dispose();
            Model.Dispose();
            Batches.Dispose();
        }
    }
}
