using System.Linq;
using Microsoft.CodeAnalysis;
using MultiLoss.Generators.Tests.Infrastructure;
using NUnit.Framework;

namespace MultiLoss.Generators.Tests;

/// <summary>
/// Minimal repros of what the property test (<see cref="PropertyTests"/>) found in the generator, each fixed: a valid
/// configuration must compile with its generated code without a warning, an invalid one must get its diagnostic.
/// </summary>
public sealed class PropertyRegressionTests
{
    private const string Head = """
        using MultiLoss;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace Samples;

        /// <summary>A trainer.</summary>

        """;

    private const string Members = """
            [Model] private readonly nn.Module<Tensor, Tensor> model = null!;
            [Optimizer] private readonly optim.Optimizer optimizer = null!;

            [Loss] private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

        """;

    /// <summary>
    /// The step result's constructor took each gate's state (and each ramped weight) as a parameter named in camelCase,
    /// so losses <c>Smooth</c> and <c>smooth</c> both gated gave two parameters <c>smoothGateOpen</c> (CS0100).
    /// </summary>
    [TestCase("GateOn(0.5)")]
    [TestCase("Loss(WarmupSteps = 10)")]
    public void Losses_whose_names_differ_only_in_case_can_both_be_gated_or_ramped(string attribute)
    {
        var loss = attribute.StartsWith("Loss", System.StringComparison.Ordinal) ? attribute : "Loss, " + attribute;
        var source = Head + "[MultiLossTrainer]\npublic partial class CaseTrainer\n{\n" + Members + $$"""
                [{{loss}}] private Tensor Smooth(Tensor output) => output.abs().mean();
                [{{loss}}] private Tensor smooth(Tensor output) => output.pow(2).mean();
            }
            """;

        var output = GeneratorHarness.Run(source);

        Assert.That(output.GeneratorDiagnostics.Select(d => d.ToString()), Is.Empty, "generator diagnostics");
        Assert.That(output.Sources.Select(s => s.HintName), Is.EqualTo(new[] { "Samples.CaseTrainer.MultiLoss.g.cs" }));
        Assert.That(Problems(output.Compilation), Is.Empty, "warnings and errors of the final compilation");
    }

    /// <summary>
    /// A loss named like a member every struct inherits from <c>object</c> gave the step result a property hiding it
    /// (CS0108), and one named like what the step result declares with [SkipNonFinite] or [AccumulateGradients] a second
    /// definition (CS0102). Like <c>ToString</c> or <c>Phase</c>, these names are reserved (ML0033), with or without the feature.
    /// </summary>
    [TestCase("", "MemberwiseClone")]
    [TestCase("", "ReferenceEquals")]
    [TestCase("[SkipNonFinite]", "Skipped")]
    [TestCase("", "Skipped")]
    [TestCase("[AccumulateGradients(2)]", "OptimizerStepped")]
    [TestCase("", "OptimizerStepped")]
    public void Loss_named_like_a_step_result_member_is_reserved(string attribute, string name)
    {
        var source = Head + "[MultiLossTrainer]\n" + attribute + "\npublic partial class ReservedNameTrainer\n{\n" + Members
            + $"    [Loss] private Tensor {name}(Tensor output) => output.abs().mean();\n}}\n";

        var output = GeneratorHarness.Run(source);

        Assert.That(output.GeneratorDiagnostics.Select(d => d.Id), Is.EqualTo(new[] { "ML0033" }));
        Assert.That(output.GeneratorDiagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), Does.Contain($"'{name}'"));
        Assert.That(output.Sources.Select(s => s.HintName), Is.EqualTo(new[] { "Samples.ReservedNameTrainer.MultiLoss.Refused.g.cs" }), "only the stub of the refused trainer");
    }

    /// <summary>Names close to what the step result declares or inherits that stay legal loss names.</summary>
    [TestCase("", "Finalize")]
    [TestCase("[SkipNonFinite]", "SkippedSteps2")]
    [TestCase("[AccumulateGradients(2)]", "Stepped")]
    public void Loss_named_close_to_a_step_result_member_compiles(string attribute, string name)
    {
        var source = Head + "[MultiLossTrainer]\n" + attribute + "\npublic partial class FeatureTrainer\n{\n" + Members
            + $"    [Loss] private Tensor {name}(Tensor output) => output.abs().mean();\n}}\n";

        var output = GeneratorHarness.Run(source);

        Assert.That(output.GeneratorDiagnostics.Select(d => d.ToString()), Is.Empty, "generator diagnostics");
        Assert.That(Problems(output.Compilation), Is.Empty, "warnings and errors of the final compilation");
    }

    /// <summary>
    /// A keyword used as a name (<c>@event</c>) kept its <c>@</c> in the hint name, which Roslyn rejects, so the generator
    /// threw (CS8785) for a trainer in <c>namespace @event</c> or nested in <c>class @struct</c>; a trainer named
    /// <c>@class</c> was emitted as <c>partial class class</c>.
    /// </summary>
    [TestCase("namespace @event.Training;\n\n/// <summary>A trainer.</summary>\n[MultiLossTrainer]\npublic partial class KeywordTrainer\n{0}\n", "event.Training.KeywordTrainer.MultiLoss.g.cs")]
    [TestCase("namespace Samples;\n\n/// <summary>A type.</summary>\npublic partial class @struct\n{{\n/// <summary>A trainer.</summary>\n[MultiLossTrainer]\npublic partial class KeywordTrainer\n{0}\n}}\n", "Samples.struct.KeywordTrainer.MultiLoss.g.cs")]
    [TestCase("namespace Samples;\n\n/// <summary>A trainer.</summary>\n[MultiLossTrainer]\npublic partial class @class\n{0}\n", "Samples.class.MultiLoss.g.cs")]
    public void Keywords_as_names_of_the_namespace_the_containing_type_or_the_trainer(string layout, string hintName)
    {
        var source = "using MultiLoss;\nusing TorchSharp;\nusing static TorchSharp.torch;\n\n"
            + string.Format(System.Globalization.CultureInfo.InvariantCulture, layout, "{\n" + Members + "}");

        var output = GeneratorHarness.Run(source);

        Assert.That(output.GeneratorDiagnostics.Select(d => d.ToString()), Is.Empty, "generator diagnostics");
        Assert.That(output.Sources.Select(s => s.HintName), Is.EqualTo(new[] { hintName }));
        Assert.That(Problems(output.Compilation), Is.Empty, "warnings and errors of the final compilation");
    }

    private static string[] Problems(Compilation compilation)
        => compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToArray();
}
