using System.Linq;
using Microsoft.CodeAnalysis;
using MultiLoss.Generators.Tests.Infrastructure;
using NUnit.Framework;

namespace MultiLoss.Generators.Tests;

/// <summary>
/// The generated code compiles, with nullable enabled and every warning wave on, without a warning: checked on
/// the final compilation (user code plus generated code), not only by building an example.
/// </summary>
public sealed class CompilationTests
{
    private static readonly TrainerSources.Configuration[] Configurations = [.. TrainerSources.All, .. StrategySources.All];

    [TestCaseSource(nameof(Configurations))]
    public void Generated_code_compiles_without_warnings(TrainerSources.Configuration configuration)
    {
        var output = GeneratorHarness.Run(configuration.Source);

        Assert.That(output.GeneratorDiagnostics, Is.Empty, "generator diagnostics");
        Assert.That(output.Sources.Select(s => s.HintName), Is.EqualTo(new[] { configuration.HintName }), "one source per trainer");
        Assert.That(Problems(output.Compilation), Is.Empty, "warnings and errors of the final compilation");
    }

    [Test]
    public void Each_trainer_of_a_compilation_gets_exactly_one_source_named_after_it()
    {
        var trees = Configurations.Select(c => GeneratorHarness.Parse(c.Source, c.Name + ".cs")).ToArray();
        var output = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(trees));

        Assert.That(output.GeneratorDiagnostics, Is.Empty, "generator diagnostics");
        Assert.That(output.Sources.Select(s => s.HintName), Is.EquivalentTo(Configurations.Select(c => c.HintName)));
        Assert.That(Problems(output.Compilation), Is.Empty, "warnings and errors of the final compilation");
    }

    [Test]
    public void Without_the_generator_a_declared_step_does_not_compile()
    {
        // The control for the tests above: the user code alone is incomplete (StepResult and the step's
        // implementation come from the generator), so a compilation that passes includes the generated code.
        var compilation = GeneratorHarness.CreateCompilation(TrainerSources.MultiOutputForward.Source);

        Assert.That(Problems(compilation), Has.Some.Contains("error CS0246"), "StepResult is not found without the generator");
    }

    /// <summary>The warnings and errors of <paramref name="compilation"/>, as text so a failure shows them.</summary>
    private static string[] Problems(Compilation compilation)
        => compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToArray();
}
