using System.Threading.Tasks;
using MultiLoss.Analyzers.Tests.Infrastructure;
using NUnit.Framework;
using static MultiLoss.Analyzers.Tests.Infrastructure.LoopSources;

namespace MultiLoss.Analyzers.Tests;

/// <summary>MLA0006: a project steps a trainer whose method works per epoch but never calls its EndEpoch().</summary>
public sealed class EndEpochNeverCalledTests
{
    private const string Id = "MLA0006";

    private static string Trainer(string method) => $$"""

        [MultiLossTrainer, {{method}}]
        public partial class EpochTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
        {
            [Model] private readonly nn.Module<Tensor, Tensor> model = model;
            [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

            [Loss] private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss] private Tensor Confidence(Tensor output) => output.pow(2).mean();
        }
        """;

    private static string Program(string method, string loop) => Usings + $$"""
        namespace Samples;

        public static class Training
        {
            public static void Train(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x, Tensor y, int epochs)
            {
                using var trainer = new EpochTrainer(model, optimizer);
        {{loop}}
            }
        }
        """ + Trainer(method);

    private const string StepsOnly = """
                for (var epoch = 0; epoch < epochs; epoch++)
                {
                    for (var i = 0; i < 10; i++) trainer.Step(x, y);
                }
        """;

    [TestCase("[|DynamicWeightAverage|]")]
    [TestCase("[|DynamicWeightAverage(Temperature = 3)|]")]
    [TestCase("[|SmoothTchebycheff(WarmupEpochs = 2)|]")]
    public async Task Stepped_without_EndEpoch(string method)
    {
        var reported = await LoopAssert.ReportsAsync(Id, Program(method, StepsOnly));

        Assert.That(reported[0].GetMessage(), Does.StartWith("'EpochTrainer' uses "));
        Assert.That(reported[0].GetMessage(), Does.Contain("call EndEpoch() on the trainer after each epoch"));
    }

    [Test]
    public Task EndEpoch_after_each_epoch()
        => LoopAssert.ReportsNothingAsync(Program("DynamicWeightAverage", """
                for (var epoch = 0; epoch < epochs; epoch++)
                {
                    for (var i = 0; i < 10; i++) trainer.Step(x, y);
                    trainer.EndEpoch();
                }
        """));

    [Test]
    public Task EndEpoch_through_the_common_interface_may_reach_any_trainer()
        => LoopAssert.ReportsNothingAsync(Program("DynamicWeightAverage", StepsOnly + """
                EndAll(trainer);
            }

            private static void EndAll(IMultiLossTrainer trainer)
            {
                trainer.EndEpoch();
        """));

    [Test]
    public Task A_fit_loop_ends_the_epochs_of_the_trainer_it_drives()
        => LoopAssert.ReportsNothingAsync(Program("DynamicWeightAverage", """
                var fit = new MultiLoss.Logging.FitLoop<(Tensor X, Tensor Y), EpochTrainer.StepResult>(trainer, b => trainer.Step(b.X, b.Y)) { Epochs = epochs };
                fit.Run(new[] { (x, y) });
        """));

    [Test]
    public Task A_method_that_does_not_work_per_epoch()
        => LoopAssert.ReportsNothingAsync(Program("UncertaintyWeighting", StepsOnly));

    [Test]
    public Task A_trainer_the_project_never_steps()
        => LoopAssert.ReportsNothingAsync(Program("DynamicWeightAverage", """
                trainer.Evaluate(x, y);
        """));
}
