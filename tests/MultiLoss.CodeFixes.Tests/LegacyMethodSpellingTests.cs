using System.Linq;
using System.Threading.Tasks;
using MultiLoss.CodeFixes.Tests.Infrastructure;
using NUnit.Framework;
using static MultiLoss.CodeFixes.Tests.TrainerSources;

namespace MultiLoss.CodeFixes.Tests;

/// <summary>
/// The older method spelling on the trainer attribute is obsolete (CS0618), and its fix writes the method's own
/// attribute: the fixed source has no CS0618 left, compiles with the generator's trainer without errors or warnings.
/// </summary>
public sealed class LegacyMethodSpellingTests
{
    private static readonly LegacyMethodSpellingCodeFixProvider Provider = new();

    private const string SharedLayer = "    [SharedLayer] private nn.Module<Tensor, Tensor> Body => model;\n\n";

    private static string Trainer(string attributes, string members = "") =>
        Usings + $$"""
            namespace Samples;

            /// <summary>Two losses.</summary>
            {{attributes}}
            public partial class LegacyTrainer
            {
            {{members}}{{Members("LegacyTrainer", 4)}}
            }

            """;

    [TestCase("[MultiLossTrainer(Weighting = LossWeighting.Uncertainty)]", "[MultiLossTrainer, UncertaintyWeighting]", "", 1)]
    [TestCase("[MultiLossTrainer(Weighting = LossWeighting.DynamicWeightAverage, DwaTemperature = 1.5)]", "[MultiLossTrainer, DynamicWeightAverage(Temperature = 1.5)]", "", 2)]
    [TestCase("[MultiLossTrainer(Weighting = LossWeighting.GradNorm, GradNormAlpha = 2.0)]", "[MultiLossTrainer, GradNorm(Alpha = 2.0)]", SharedLayer, 2)]
    [TestCase("[MultiLossTrainer(Backward = BackwardMode.Combined, Aggregation = GradientAggregation.PCGrad), SkipNonFinite]",
        "[MultiLossTrainer(Backward = BackwardMode.Combined), PCGrad, SkipNonFinite]", "", 1)]
    [TestCase("[MultiLossTrainer(Weighting = LossWeighting.Fixed, Aggregation = GradientAggregation.Sum)]", "[MultiLossTrainer]", "", 2)]
    public async Task Each_obsolete_argument_is_fixed_by_writing_the_methods_attribute(string before, string after, string members, int obsolete)
    {
        using var workspace = new TrainerWorkspace(Trainer(before, members));
        var diagnostics = (await workspace.Project.GetCompilationAsync())!.GetDiagnostics().Where(d => d.Id == "CS0618").ToArray();
        Assert.That(diagnostics, Has.Length.EqualTo(obsolete), "the premise: one CS0618 per argument of the older spelling");

        foreach (var diagnostic in diagnostics)
        {
            var actions = await TrainerWorkspace.CodeActionsAsync(Provider, workspace.Document(), diagnostic);
            Assert.That(actions.Select(a => a.Title), Is.EqualTo(new[] { "Write the method as its own attribute" }));

            var fixedProject = (await TrainerWorkspace.ApplyAsync(actions[0])).GetProject(workspace.Project.Id)!;
            var text = (await fixedProject.Documents.Single().GetTextAsync()).ToString();
            Assert.That(text, Is.EqualTo(Trainer(after, members)));
            var output = await TrainerWorkspace.RunGeneratorAsync(fixedProject);
            Assert.That(output.Diagnostics, Is.Empty, "the generator accepts the fixed trainer");
            Assert.That(output.CompilationProblems(), Is.Empty, "and it compiles without errors or warnings");
        }
    }

    [Test]
    public async Task Without_a_using_the_attribute_is_written_in_full()
    {
        var source = """
            namespace Samples;

            /// <summary>Two losses.</summary>
            [global::MultiLoss.MultiLossTrainer(Weighting = global::MultiLoss.LossWeighting.Uncertainty)]
            public partial class Qualified
            {
            }

            """;
        using var workspace = new TrainerWorkspace(source);
        var diagnostic = (await workspace.Project.GetCompilationAsync())!.GetDiagnostics().Single(d => d.Id == "CS0618");

        var actions = await TrainerWorkspace.CodeActionsAsync(Provider, workspace.Document(), diagnostic);
        var fixedProject = (await TrainerWorkspace.ApplyAsync(actions.Single())).GetProject(workspace.Project.Id)!;

        Assert.That((await fixedProject.Documents.Single().GetTextAsync()).ToString(),
            Does.Contain("[global::MultiLoss.MultiLossTrainer, global::MultiLoss.UncertaintyWeighting]"));
    }

    [Test]
    public async Task No_fix_for_an_obsolete_member_that_is_not_the_older_spelling()
    {
        var source = Usings + """
            namespace Samples;

            /// <summary>Not a trainer.</summary>
            public static class Old
            {
                /// <summary>Obsolete.</summary>
                [System.Obsolete("old")]
                public static int Value => 1;

                /// <summary>Uses it.</summary>
                public static int Read() => Value;
            }

            """;
        using var workspace = new TrainerWorkspace(source);
        var diagnostic = (await workspace.Project.GetCompilationAsync())!.GetDiagnostics().Single(d => d.Id == "CS0618");

        Assert.That(await TrainerWorkspace.CodeActionsAsync(Provider, workspace.Document(), diagnostic), Is.Empty);
    }
}
