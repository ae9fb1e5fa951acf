using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MultiLoss.Generators.Tests.Infrastructure;
using NUnit.Framework;

namespace MultiLoss.Generators.Tests;

/// <summary>
/// Valid trainers whose names or modifiers once broke the generated code: each must generate a source that
/// compiles without a warning.
/// </summary>
public sealed class EdgeCaseCompilationTests
{
    private const string Head = """
        using MultiLoss;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace Samples;

        /// <summary>A trainer.</summary>
        [MultiLossTrainer]
        public partial class EdgeTrainer
        {
            [Model] private readonly nn.Module<Tensor, Tensor> model = null!;
            [Optimizer] private readonly optim.Optimizer optimizer = null!;

        """;

    [TestCase("[Loss(Name = \"R&D <loss>\\n\\\"quoted\\\" {braces}\")] private Tensor Regression(Tensor output, Tensor target) => output.mean();")]
    [TestCase("[Loss] private Tensor Foo(Tensor output) => output.mean(); [Loss] private Tensor foo(Tensor output) => output.abs().mean();")]
    [TestCase("[Loss] private Tensor step(Tensor output) => output.mean(); [Loss] private Tensor values(Tensor output) => output.abs().mean();")]
    [TestCase("[Loss] private Tensor @class(Tensor output) => output.mean(); [Loss] private Tensor Values(Tensor output) => output.abs().mean();")]
    [TestCase("/// <summary>The step.</summary>\n    public virtual partial StepResult Train(Tensor input, Tensor target);\n    [Loss] private Tensor Regression(Tensor output, Tensor target) => output.mean();")]
    [TestCase("internal partial StepResult Train(Tensor @event, Tensor target);\n    [Loss] private Tensor Regression(Tensor output, Tensor target) => output.mean();")]
    [TestCase("private void Dispose(bool disposing) { }\n    private int Step(Tensor a, Tensor b, Tensor c) => 0;\n    [Loss] private Tensor Regression(Tensor output, Tensor target) => output.mean();")]
    [TestCase("[Forward] private (Tensor logits, Tensor? recon, Tensor? extra) Forward(Tensor input) => (model.forward(input), null, null);\n    [Loss] private Tensor A(Tensor logits, Tensor? extra) => logits.mean();\n    [Loss] private Tensor B(Tensor recon) => recon.mean();\n    [Loss, GateOn(0.5)] private Tensor? C(Tensor logits, Tensor? recon) => recon;")]
    [TestCase("[Forward] private Tensor? Forward(Tensor input) => model.forward(input);\n    [Loss] private Tensor A(Tensor? output, Tensor? target) => output is null ? torch.zeros(1) : output.mean();\n    /// <summary>The step.</summary>\n    public partial StepResult Step(Tensor input, Tensor? target);")]
    public void Generated_code_compiles_without_warnings(string members)
    {
        var output = GeneratorHarness.Run(Head + "    " + members + "\n}\n");

        Assert.That(output.GeneratorDiagnostics.Select(d => d.ToString()), Is.Empty, "generator diagnostics");
        Assert.That(output.Sources.Select(s => s.HintName), Is.EqualTo(new[] { "Samples.EdgeTrainer.MultiLoss.g.cs" }));
        var problems = output.Compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString());
        Assert.That(problems, Is.Empty, "warnings and errors of the final compilation");
    }

    [TestCase("AlignedMtl(Scale = AlignedMtlScale.Median)")]
    [TestCase("Mgda(Normalization = MgdaNormalization.LossPlus)")]
    [TestCase("CAGrad(Rescale = CAGradRescale.OnePlusC)")]
    public void A_methods_options_are_in_the_namespace_of_its_attribute(string method)
    {
        // As the docs write them, under `using MultiLoss;` alone, from a namespace outside MultiLoss's.
        var output = GeneratorHarness.Run($$"""
            using MultiLoss;
            using TorchSharp;
            using static TorchSharp.torch;

            namespace Users;

            [MultiLossTrainer, {{method}}]
            public partial class OptionsTrainer
            {
                [Model] private readonly nn.Module<Tensor, Tensor> model = null!;
                [Optimizer] private readonly optim.Optimizer optimizer = null!;
                [Loss] private Tensor A(Tensor output, Tensor target) => output.mean();
                [Loss] private Tensor B(Tensor output) => output.abs().mean();
            }
            """);

        Assert.That(output.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()), Is.Empty);
    }

    [TestCase("[MultiLossTrainer]", "[Loss(weight: 0.5), GateOn(0.3, Mode = GateMode.Add, Latch = true)] private Tensor B(Tensor output) => output.abs().mean();")]
    [TestCase("[MultiLossTrainer, Phase(1, Steps = 10), Phase(2, Backward = BackwardMode.Separate), ClipGradNorm(1.0), AccumulateGradients(2), SkipNonFinite]", "[Loss(weight: 0.5, WarmupSteps = 5), Phase(2)] private Tensor B(Tensor output) => output.abs().mean();")]
    [TestCase("[MultiLossTrainer, UncertaintyWeighting]", "[Loss] private Tensor B(Tensor output) => output.abs().mean(); [Metric] private Tensor Accuracy(Tensor output, Tensor target) => output.mean();")]
    [TestCase("[MultiLossTrainer, UPGrad]", "[Loss] private Tensor B(Tensor output) => output.abs().mean();")]
    [TestCase("[MultiLossTrainer]", "[Loss] private Tensor B(Tensor output) => output.abs().mean(); [Method] private readonly TrainingMethodAttribute method = new UPGradAttribute();")]
    public void Generated_code_compiles_with_CSharp_9(string trainer, string members)
    {
        // The least language version the docs name (C# 8 lacks init-only setters, patterns and target-typed new): user
        // code and generated code both parsed as C# 9.
        var options = GeneratorHarness.ParseOptions.WithLanguageVersion(LanguageVersion.CSharp9);
        var source = $$"""
            using MultiLoss;
            using TorchSharp;
            using static TorchSharp.torch;

            namespace Samples
            {
                {{trainer}}
                public partial class LanguageTrainer
                {
                    [Model] private readonly nn.Module<Tensor, Tensor> model = null!;
                    [Optimizer] private readonly optim.Optimizer optimizer = null!;
                    [Loss] private Tensor A(Tensor output, Tensor target) => output.mean();
                    {{members}}
                }
            }
            """;
        var compilation = GeneratorHarness.CreateCompilation(CSharpSyntaxTree.ParseText(source, options, GeneratorHarness.DefaultPath));
        var driver = CSharpGeneratorDriver.Create([new MultiLossGenerator().AsSourceGenerator()], parseOptions: options)
            .RunGeneratorsAndUpdateCompilation(compilation, out var updated, out var generatorDiagnostics);

        Assert.That(generatorDiagnostics.Select(d => d.ToString()), Is.Empty, "generator diagnostics");
        Assert.That(driver.GetRunResult().Results.Single().GeneratedSources, Is.Not.Empty);
        Assert.That(updated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()), Is.Empty, "compile errors in C# 9");
    }

    [Test]
    public void Trainers_whose_names_differ_only_in_case_get_distinct_files()
    {
        const string source = """
            using MultiLoss;
            using TorchSharp;
            using static TorchSharp.torch;

            namespace Samples;

            /// <summary>A trainer.</summary>
            [MultiLossTrainer]
            public partial class WarmUpTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
            {
                [Model] private readonly nn.Module<Tensor, Tensor> model = model;
                [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
                [Loss] private Tensor Regression(Tensor output, Tensor target) => output.mean();
            }

            /// <summary>Another trainer, named like the first but for case.</summary>
            [MultiLossTrainer]
            public partial class WarmupTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
            {
                [Model] private readonly nn.Module<Tensor, Tensor> model = model;
                [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
                [Loss] private Tensor Regression(Tensor output, Tensor target) => output.mean();
            }
            """;

        var output = GeneratorHarness.Run(source);

        Assert.That(output.Result.Exception, Is.Null);
        Assert.That(output.Sources.Select(s => s.HintName), Is.EquivalentTo(new[] { "Samples.WarmUpTrainer.MultiLoss.g.cs", "Samples.WarmupTrainer.2.MultiLoss.g.cs" }));
        Assert.That(output.Compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()), Is.Empty);
    }
}
