using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using MultiLoss.Analyzers.Tests.Infrastructure;
using MultiLoss.CodeFixes;
using NUnit.Framework;

namespace MultiLoss.Analyzers.Tests;

/// <summary>
/// The MLA0005 fix as the IDE applies it: the text it writes, and that the result compiles with its generated trainer
/// without a warning, a generator diagnostic or a loop diagnostic.
/// </summary>
public sealed class ConvertToTrainerFixTests
{
    private static readonly ConvertToTrainerCodeFixProvider Provider = new();

    [TestCaseSource(typeof(StrategyLoops), nameof(StrategyLoops.All))]
    public async Task The_converted_code_compiles_with_its_trainer_and_nothing_to_report(StrategyLoops.Loop loop)
    {
        var converted = await LoopWorkspace.FixAsync(loop.Source, "MLA0005", Provider);
        TestContext.Out.WriteLine(converted);

        await AssertCleanAsync(converted);
    }

    [Test]
    public async Task A_weighted_sum_in_a_static_class_becomes_a_trainer_nested_beside_it()
    {
        var converted = await LoopWorkspace.FixAsync(StrategyLoops.WeightedSum.Source, "MLA0005", Provider);

        Assert.That(converted, Is.EqualTo(LoopSources.Usings + """
            namespace Samples;

            public static partial class Training
            {
                public static void Train(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x, Tensor y, int steps)
                {
                    using var trainer = new LoopTrainer(model, optimizer);
                    for (var i = 0; i < steps; i++)
                    {
                        trainer.Step(x, y);
                    }
                }

                private static Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

                private static Tensor Confidence(Tensor output) => output.pow(2).mean();

                [MultiLossTrainer]
                private sealed partial class LoopTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
                {
                    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
                    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

                    public partial StepResult Step(Tensor x, Tensor y);

                    [Loss(weight: 0.7)]
                    private Tensor ClassificationLoss(Tensor output, Tensor y) => Classification(output, y);

                    [Loss(weight: 0.3)]
                    private Tensor ConfidenceLoss(Tensor output) => Confidence(output);
                }
            }

            """));
    }

    [Test]
    public async Task Top_level_statements_get_the_trainer_at_the_end_of_the_file_and_the_using_it_needs()
    {
        var converted = await LoopWorkspace.FixAsync(TopLevelProgram, "MLA0005", Provider, kind: OutputKind.ConsoleApplication);

        Assert.That(converted, Is.EqualTo("""
            using TorchSharp;
            using MultiLoss;

            var model = torch.nn.Sequential(torch.nn.Linear(8, 4));
            var optimizer = torch.optim.SGD(model.parameters(), 0.1);
            var x = torch.randn(16, 8);
            var y = torch.randint(0, 4, [16], dtype: torch.int64);
            using var trainer = new LoopTrainer(model, optimizer);
            for (var i = 0; i < 10; i++)
            {
                trainer.Step(x, y);
            }

            [MultiLossTrainer]
            internal sealed partial class LoopTrainer(torch.nn.Module<torch.Tensor, torch.Tensor> model, torch.optim.Optimizer optimizer)
            {
                [Model] private readonly torch.nn.Module<torch.Tensor, torch.Tensor> model = model;
                [Optimizer] private readonly torch.optim.Optimizer optimizer = optimizer;

                public partial StepResult Step(torch.Tensor x, torch.Tensor y);

                [Loss]
                private torch.Tensor CrossEntropy(torch.Tensor output, torch.Tensor y) => torch.nn.functional.cross_entropy(output, y);

                [Loss(weight: 0.1)]
                private torch.Tensor Mean(torch.Tensor output) => output.pow(2).mean();
            }

            """));
        await AssertCleanAsync(converted, OutputKind.ConsoleApplication);
    }

    [Test]
    public async Task The_types_around_the_trainer_become_partial_and_names_in_use_are_left_alone()
    {
        var converted = await LoopWorkspace.FixAsync(Nested, "MLA0005", Provider);

        Assert.That(converted, Is.EqualTo("""
            using MultiLoss;
            using static TorchSharp.torch;

            namespace Samples
            {
                public partial class Experiments
                {
                    private sealed class LoopTrainer;

                    public static partial class Training
                    {
                        public static void TrainDigits(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor[] inputs, Tensor[] labels, string trainer)
                        {
                            using var trainer2 = new DigitsTrainer(model, optimizer);
                            for (var i = 0; i < inputs.Length; i++)
                            {
                                trainer2.Step(inputs[i], labels[i]);
                            }
                        }

                        [MultiLossTrainer]
                        private sealed partial class DigitsTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
                        {
                            [Model] private readonly nn.Module<Tensor, Tensor> model = model;
                            [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

                            public partial StepResult Step(Tensor input, Tensor label);

                            [Loss(weight: 0.5)]
                            private Tensor CrossEntropy(Tensor output, Tensor label) => nn.functional.cross_entropy(output, label);

                            [Loss(weight: 0.5)]
                            private Tensor Mean(Tensor output) => output.pow(2).mean();
                        }
                    }
                }
            }

            """));
        await AssertCleanAsync(converted);
    }

    [TestCase(nameof(StrategyLoops.ThresholdGate), "[Loss(weight: 0.5), GateOn(1.2, On = nameof(ClassificationLoss))]")]
    [TestCase(nameof(StrategyLoops.ThresholdGateAdding), "[Loss(weight: 2), GateOn(1.2f, On = nameof(L1), Mode = GateMode.Add)]")]
    [TestCase(nameof(StrategyLoops.PhasesByStepCount), "[Phase(1, Steps = 4)]\n    [Phase(2, Backward = BackwardMode.Separate)]")]
    [TestCase(nameof(StrategyLoops.PhasesByStepCount), "[Loss(weight: 0.3), Phase(2)]")]
    [TestCase(nameof(StrategyLoops.SeparateBackward), "[MultiLossTrainer(Backward = BackwardMode.Separate)]")]
    public async Task The_strategy_is_declared_with_the_loops_constants(string loop, string declaration)
    {
        var source = ((StrategyLoops.Loop)typeof(StrategyLoops).GetField(loop, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null)!).Source;

        var converted = await LoopWorkspace.FixAsync(source, "MLA0005", Provider);

        Assert.That(converted.Replace("\r\n", "\n"), Does.Contain(declaration.Replace("\\n", "\n")));
    }

    private const string TopLevelProgram = """
        using TorchSharp;

        var model = torch.nn.Sequential(torch.nn.Linear(8, 4));
        var optimizer = torch.optim.SGD(model.parameters(), 0.1);
        var x = torch.randn(16, 8);
        var y = torch.randint(0, 4, [16], dtype: torch.int64);
        for (var i = 0; i < 10; i++)
        {
            optimizer.zero_grad();
            var output = model.forward(x);
            var loss = torch.nn.functional.cross_entropy(output, y) + 0.1 * output.pow(2).mean();
            loss.backward();
            optimizer.step();
        }

        """;

    private const string Nested = """
        using MultiLoss;
        using static TorchSharp.torch;

        namespace Samples
        {
            public class Experiments
            {
                private sealed class LoopTrainer;

                public static class Training
                {
                    public static void TrainDigits(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor[] inputs, Tensor[] labels, string trainer)
                    {
                        for (var i = 0; i < inputs.Length; i++)
                        {
                            optimizer.zero_grad();
                            var logits = model.forward(inputs[i]);
                            var total = nn.functional.cross_entropy(logits, labels[i]) * 0.5 + 0.5 * logits.pow(2).mean();
                            total.backward();
                            optimizer.step();
                        }
                    }
                }
            }
        }

        """;

    private static async Task AssertCleanAsync(string converted, OutputKind kind = OutputKind.DynamicallyLinkedLibrary)
    {
        var compilation = AnalyzerHarness.Compile(converted, AnalyzerHarness.LibraryOptions.WithOutputKind(kind));
        var problems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString());
        Assert.That(problems, Is.Empty, "compiler and generator");
        var generated = compilation.SyntaxTrees.Count() - 1;
        Assert.That(generated, Is.EqualTo(1), "one trainer generated");
        Assert.That((await AnalyzerHarness.AnalyzeAsync(compilation)).Select(d => d.ToString()), Is.Empty, "loop diagnostics");
    }
}
