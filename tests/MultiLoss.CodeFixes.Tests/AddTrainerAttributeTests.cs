using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using MultiLoss.CodeFixes.Tests.Infrastructure;
using NUnit.Framework;
using static MultiLoss.CodeFixes.Tests.TrainerSources;

namespace MultiLoss.CodeFixes.Tests;

/// <summary>
/// The "add [MultiLossTrainer]" fix for ML0048, applied as an IDE applies it: for each diagnostic the generator reports,
/// the registered fix gives exactly the expected text, which the generator then turns into a trainer that compiles
/// without errors or warnings.
/// </summary>
public sealed class AddTrainerAttributeTests
{
    private static readonly AddTrainerAttributeCodeFixProvider Provider = new();

    /// <summary>A case: the source, how many ML0048 the generator reports on it, the fixed text and the fix's title.</summary>
    public sealed record Case(string Name, string Source, int Diagnostics, string Fixed, string Title)
    {
        public override string ToString() => Name;
    }

    public static readonly Case DocumentedClass = new(
        nameof(DocumentedClass),
        Usings + $$"""
            namespace Samples;

            /// <summary>Two losses on one output.</summary>
            public class TwoLossTrainer
            {
            {{Members("TwoLossTrainer", 4)}}
            }

            """,
        4,
        Usings + $$"""
            namespace Samples;

            /// <summary>Two losses on one output.</summary>
            [MultiLossTrainer]
            public partial class TwoLossTrainer
            {
            {{Members("TwoLossTrainer", 4)}}
            }

            """,
        "Add [MultiLossTrainer] to 'TwoLossTrainer'");

    public static readonly Case NestedWithAttributes = new(
        nameof(NestedWithAttributes),
        Usings + $$"""
            namespace Samples;

            /// <summary>Experiments.</summary>
            public static class Experiments
            {
                /// <summary>A sealed trainer.</summary>
                [System.Diagnostics.DebuggerDisplay("trainer")]
                internal sealed class Trainer
                {
            {{Members("Trainer", 8)}}
                }
            }

            """,
        4,
        Usings + $$"""
            namespace Samples;

            /// <summary>Experiments.</summary>
            public static partial class Experiments
            {
                /// <summary>A sealed trainer.</summary>
                [MultiLossTrainer]
                [System.Diagnostics.DebuggerDisplay("trainer")]
                internal sealed partial class Trainer
                {
            {{Members("Trainer", 8)}}
                }
            }

            """,
        "Add [MultiLossTrainer] to 'Trainer'");

    private const string QualifiedMembers = """
            [MultiLoss.Model] private readonly nn.Module<Tensor, Tensor> model;
            [MultiLoss.Optimizer] private readonly optim.Optimizer optimizer;

            /// <summary>Creates the trainer.</summary>
            public Qualified(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
            {
                this.model = model;
                this.optimizer = optimizer;
            }

            [MultiLoss.Loss] private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);
        """;

    /// <summary>Without <c>using MultiLoss;</c> the attribute is written in full.</summary>
    public static readonly Case WithoutUsing = new(
        nameof(WithoutUsing),
        $$"""
            using TorchSharp;
            using static TorchSharp.torch;

            namespace Samples;

            /// <summary>Attributes written in full.</summary>
            public class Qualified
            {
            {{QualifiedMembers}}
            }

            """,
        3,
        $$"""
            using TorchSharp;
            using static TorchSharp.torch;

            namespace Samples;

            /// <summary>Attributes written in full.</summary>
            [global::MultiLoss.MultiLossTrainer]
            public partial class Qualified
            {
            {{QualifiedMembers}}
            }

            """,
        "Add [MultiLossTrainer] to 'Qualified'");

    public static readonly Case[] Cases = [DocumentedClass, NestedWithAttributes, WithoutUsing];

    [TestCaseSource(nameof(Cases))]
    public async Task Each_diagnostic_is_fixed_by_making_the_class_a_partial_trainer(Case @case)
    {
        using var workspace = new TrainerWorkspace(@case.Source);
        var diagnostics = await DiagnosticsBeforeTheFixAsync(workspace, @case);

        foreach (var diagnostic in diagnostics)
        {
            var actions = await TrainerWorkspace.CodeActionsAsync(Provider, workspace.Document(), diagnostic);
            Assert.That(actions.Select(a => a.Title), Is.EqualTo(new[] { @case.Title }), $"the fix offered for {diagnostic}");
            Assert.That(actions[0].EquivalenceKey, Is.EqualTo(AddTrainerAttributeCodeFixProvider.EquivalenceKey));

            var fixedSolution = await TrainerWorkspace.ApplyAsync(actions[0]);
            await AssertFixedAsync(fixedSolution.GetProject(workspace.Project.Id)!, @case.Fixed, $"fix of {diagnostic.GetMessage()}");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Fix_all_in_a_document_gives_the_same_text(Case @case)
    {
        using var workspace = new TrainerWorkspace(@case.Source);
        var diagnostics = await DiagnosticsBeforeTheFixAsync(workspace, @case);

        var action = await TrainerWorkspace.FixAllAsync(Provider, workspace.Document(), FixAllScope.Document, AddTrainerAttributeCodeFixProvider.EquivalenceKey, diagnostics);
        Assert.That(action, Is.Not.Null, "Fix All offers an action");

        var fixedSolution = await TrainerWorkspace.ApplyAsync(action!);
        await AssertFixedAsync(fixedSolution.GetProject(workspace.Project.Id)!, @case.Fixed, "fix all in the document");
    }

    [TestCase("public struct Holder")]
    [TestCase("public static class Holder")]
    [TestCase("public record Holder")]
    public async Task No_fix_where_the_type_cannot_be_a_trainer(string declaration)
    {
        var source = Usings + "namespace Samples;\n\n/// <summary>Not a trainer.</summary>\n" + declaration
            + "\n{\n    [Loss] private static Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);\n}\n";
        using var workspace = new TrainerWorkspace(source);
        var before = await TrainerWorkspace.RunGeneratorAsync(workspace.Project);
        var diagnostics = await TrainerWorkspace.InDocumentsAsync(workspace.Project, before.Diagnostics);
        Assert.That(diagnostics.Select(d => d.Id), Is.EqualTo(new[] { DiagnosticIds.AttributeOutsideTrainer }), "the premise: one ML0048");

        var actions = await TrainerWorkspace.CodeActionsAsync(Provider, workspace.Document(), diagnostics[0]);

        Assert.That(actions, Is.Empty);
    }

    [Test]
    public void The_provider_fixes_the_id_the_generator_reports_for_an_attribute_outside_a_trainer()
    {
        Assert.That(Provider.FixableDiagnosticIds, Is.EqualTo(new[] { "ML0048" }));
        Assert.That(GeneratorDescriptors.All()["AttributeOutsideTrainer"].Id, Is.EqualTo(DiagnosticIds.AttributeOutsideTrainer));
        Assert.That(Provider.GetFixAllProvider(), Is.SameAs(WellKnownFixAllProviders.BatchFixer));
    }

    /// <summary>The tests' premise: the generator reports only ML0048, the case's number of times, and generates nothing.</summary>
    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsBeforeTheFixAsync(TrainerWorkspace workspace, Case @case)
    {
        var before = await TrainerWorkspace.RunGeneratorAsync(workspace.Project);
        Assert.That(before.Diagnostics.Select(d => d.Id), Is.EqualTo(Enumerable.Repeat(DiagnosticIds.AttributeOutsideTrainer, @case.Diagnostics)),
            "generator diagnostics before the fix");
        Assert.That(before.HintNames, Is.Empty, "nothing is generated before the fix");
        return await TrainerWorkspace.InDocumentsAsync(workspace.Project, before.Diagnostics.OrderBy(d => d.Location.SourceSpan.Start));
    }

    /// <summary>The document reads <paramref name="expected"/>, and the generator makes it a trainer that compiles without a warning.</summary>
    private static async Task AssertFixedAsync(Project project, string expected, string what)
    {
        var text = (await project.Documents.Single().GetTextAsync()).ToString();
        Assert.That(text, Is.EqualTo(expected), $"{what}: the text");

        var output = await TrainerWorkspace.RunGeneratorAsync(project);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(output.Diagnostics.Select(d => d.ToString()), Is.Empty, $"{what}: generator diagnostics after the fix");
            Assert.That(output.HintNames, Has.Length.EqualTo(1), $"{what}: the trainer is generated");
            Assert.That(output.CompilationProblems(), Is.Empty, $"{what}: warnings and errors of the fixed code with its generated code");
        }
    }
}
