using System.Collections.Generic;
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
/// The "make partial" fix for ML0001 and ML0015, applied as an IDE applies it: the generator reports the diagnostics on
/// a workspace project, the fix registered for each one is applied, and then (a) the text is exactly the expected one,
/// (b) the fixed code compiles with its generated code without errors or warnings, and (c) the generator reports nothing.
/// </summary>
public sealed class MakeTrainerPartialTests
{
    private static readonly MakeTrainerPartialCodeFixProvider Provider = new();

    /// <summary>A case: the source, the ids the generator reports on it (in source order), the fixed text and the fix's title.</summary>
    public sealed record Case(string Name, string Source, string[] Ids, string Fixed, string Title, int Trainers = 1)
    {
        public override string ToString() => Name;
    }

    public static readonly Case PlainPublicClass = new(
        nameof(PlainPublicClass),
        Usings + $$"""
            namespace Samples;

            /// <summary>Two losses on one output.</summary>
            [MultiLossTrainer]
            public class TwoLossTrainer
            {
            {{Members("TwoLossTrainer", 4)}}
            }

            """,
        ["ML0001"],
        Usings + $$"""
            namespace Samples;

            /// <summary>Two losses on one output.</summary>
            [MultiLossTrainer]
            public partial class TwoLossTrainer
            {
            {{Members("TwoLossTrainer", 4)}}
            }

            """,
        "Make 'TwoLossTrainer' partial");

    public static readonly Case SealedClass = new(
        nameof(SealedClass),
        Usings + $$"""
            namespace Samples;

            /// <summary>A sealed trainer.</summary>
            [MultiLossTrainer] public sealed class SealedTrainer
            {
            {{Members("SealedTrainer", 4)}}
            }

            """,
        ["ML0001"],
        Usings + $$"""
            namespace Samples;

            /// <summary>A sealed trainer.</summary>
            [MultiLossTrainer] public sealed partial class SealedTrainer
            {
            {{Members("SealedTrainer", 4)}}
            }

            """,
        "Make 'SealedTrainer' partial");

    /// <summary>Neither the trainer nor the static class around it is partial: each diagnostic's fix makes both partial.</summary>
    public static readonly Case NestedInStaticClass = new(
        nameof(NestedInStaticClass),
        Usings + $$"""
            namespace Samples
            {
                /// <summary>Holds the trainer.</summary>
                public static class Outer
                {
                    /// <summary>A nested trainer.</summary>
                    [MultiLossTrainer]
                    public class NestedTrainer
                    {
            {{Members("NestedTrainer", 12)}}
                    }
                }
            }

            """,
        ["ML0015", "ML0001"],
        Usings + $$"""
            namespace Samples
            {
                /// <summary>Holds the trainer.</summary>
                public static partial class Outer
                {
                    /// <summary>A nested trainer.</summary>
                    [MultiLossTrainer]
                    public partial class NestedTrainer
                    {
            {{Members("NestedTrainer", 12)}}
                    }
                }
            }

            """,
        "Make 'Outer' and 'NestedTrainer' partial");

    public static readonly Case OnlyContainerNotPartial = new(
        nameof(OnlyContainerNotPartial),
        Usings + $$"""
            namespace Samples;

            /// <summary>Holds the trainer.</summary>
            public static class Outer
            {
                /// <summary>A nested trainer.</summary>
                [MultiLossTrainer]
                public partial class NestedTrainer
                {
            {{Members("NestedTrainer", 8)}}
                }
            }

            """,
        ["ML0015"],
        Usings + $$"""
            namespace Samples;

            /// <summary>Holds the trainer.</summary>
            public static partial class Outer
            {
                /// <summary>A nested trainer.</summary>
                [MultiLossTrainer]
                public partial class NestedTrainer
                {
            {{Members("NestedTrainer", 8)}}
                }
            }

            """,
        "Make 'Outer' partial");

    /// <summary>No modifiers at all: <c>partial</c> takes over the keyword's leading trivia (a doc comment, an indentation).</summary>
    public static readonly Case NoModifiersInTheGlobalNamespace = new(
        nameof(NoModifiersInTheGlobalNamespace),
        Usings + $$"""
            /// <summary>Holds the trainer.</summary>
            class Experiments
            {
                [MultiLossTrainer]
                class Inner
                {
            {{Members("Inner", 8)}}
                }
            }

            """,
        ["ML0015", "ML0001"],
        Usings + $$"""
            /// <summary>Holds the trainer.</summary>
            partial class Experiments
            {
                [MultiLossTrainer]
                partial class Inner
                {
            {{Members("Inner", 8)}}
                }
            }

            """,
        "Make 'Experiments' and 'Inner' partial");

    /// <summary>A record and a readonly struct around the trainer, a partial class between them that stays as it is.</summary>
    public static readonly Case ThreeLevelsWithPartialMiddle = new(
        nameof(ThreeLevelsWithPartialMiddle),
        Usings + $$"""
            namespace Samples;

            /// <summary>Outermost.</summary>
            public record Experiments
            {
                /// <summary>Already partial.</summary>
                public partial class Middle
                {
                    /// <summary>Innermost container.</summary>
                    public readonly struct Holder
                    {
                        [MultiLossTrainer]
                        internal sealed class DeepTrainer
                        {
            {{Members("DeepTrainer", 16)}}
                        }
                    }
                }
            }

            """,
        ["ML0015", "ML0015", "ML0001"],
        Usings + $$"""
            namespace Samples;

            /// <summary>Outermost.</summary>
            public partial record Experiments
            {
                /// <summary>Already partial.</summary>
                public partial class Middle
                {
                    /// <summary>Innermost container.</summary>
                    public readonly partial struct Holder
                    {
                        [MultiLossTrainer]
                        internal sealed partial class DeepTrainer
                        {
            {{Members("DeepTrainer", 16)}}
                        }
                    }
                }
            }

            """,
        "Make 'Experiments', 'Holder' and 'DeepTrainer' partial");

    /// <summary>Two trainers in one container: the container's ML0015 (reported once per trainer) fixes both trainers too.</summary>
    public static readonly Case TwoTrainersInOneContainer = new(
        nameof(TwoTrainersInOneContainer),
        Usings + $$"""
            namespace Samples;

            /// <summary>Holds two trainers.</summary>
            public class Outer
            {
                /// <summary>First.</summary>
                [MultiLossTrainer]
                public class First
                {
            {{Members("First", 8)}}
                }

                /// <summary>Second.</summary>
                [MultiLossTrainer]
                public class Second
                {
            {{Members("Second", 8)}}
                }
            }

            """,
        ["ML0015", "ML0015", "ML0001", "ML0001"],
        Usings + $$"""
            namespace Samples;

            /// <summary>Holds two trainers.</summary>
            public partial class Outer
            {
                /// <summary>First.</summary>
                [MultiLossTrainer]
                public partial class First
                {
            {{Members("First", 8)}}
                }

                /// <summary>Second.</summary>
                [MultiLossTrainer]
                public partial class Second
                {
            {{Members("Second", 8)}}
                }
            }

            """,
        "Make 'Outer', 'First' and 'Second' partial",
        Trainers: 2);

    public static readonly Case[] Cases =
    [
        PlainPublicClass, SealedClass, NestedInStaticClass, OnlyContainerNotPartial,
        NoModifiersInTheGlobalNamespace, ThreeLevelsWithPartialMiddle,
    ];

    /// <summary>
    /// Each diagnostic as the IDE hands it over (in the document's syntax tree), and as the generator reports it (in the
    /// syntax tree of the compilation it ran on): the fix only needs the document and the span.
    /// </summary>
    [Test]
    public async Task Each_diagnostic_is_fixed_by_making_the_trainer_and_its_containers_partial(
        [ValueSource(nameof(Cases))] Case @case, [Values] bool mappedToTheDocument)
    {
        using var workspace = new TrainerWorkspace(@case.Source);
        var diagnostics = await DiagnosticsBeforeTheFixAsync(workspace, @case, mappedToTheDocument);

        foreach (var diagnostic in diagnostics)
        {
            var actions = await TrainerWorkspace.CodeActionsAsync(Provider, workspace.Document(), diagnostic);
            Assert.That(actions.Select(a => a.Title), Is.EqualTo(new[] { @case.Title }), $"the fix offered for {diagnostic}");
            Assert.That(actions[0].EquivalenceKey, Is.EqualTo(MakeTrainerPartialCodeFixProvider.EquivalenceKey));

            var fixedSolution = await TrainerWorkspace.ApplyAsync(actions[0]);
            await AssertFixedAsync(fixedSolution.GetProject(workspace.Project.Id)!, [@case.Fixed], @case.Trainers, $"fix of {diagnostic.Id} at {diagnostic.Location.GetLineSpan()}");
        }
    }

    [Test]
    public async Task The_fix_of_one_container_diagnostic_makes_every_trainer_inside_partial()
    {
        var @case = TwoTrainersInOneContainer;
        using var workspace = new TrainerWorkspace(@case.Source);
        var diagnostics = await DiagnosticsBeforeTheFixAsync(workspace, @case);

        var containerDiagnostic = diagnostics.First(d => d.Id == DiagnosticIds.ContainingTypeNotPartial);
        var actions = await TrainerWorkspace.CodeActionsAsync(Provider, workspace.Document(), containerDiagnostic);
        Assert.That(actions.Select(a => a.Title), Is.EqualTo(new[] { @case.Title }));

        var fixedSolution = await TrainerWorkspace.ApplyAsync(actions[0]);
        await AssertFixedAsync(fixedSolution.GetProject(workspace.Project.Id)!, [@case.Fixed], @case.Trainers, "fix of the container");
    }

    [Test]
    public async Task The_fix_of_one_trainer_leaves_its_sibling_alone()
    {
        var @case = TwoTrainersInOneContainer;
        using var workspace = new TrainerWorkspace(@case.Source);
        var diagnostics = await DiagnosticsBeforeTheFixAsync(workspace, @case);

        var first = diagnostics.First(d => d.Id == DiagnosticIds.TrainerNotPartial);
        var actions = await TrainerWorkspace.CodeActionsAsync(Provider, workspace.Document(), first);
        Assert.That(actions.Select(a => a.Title), Is.EqualTo(new[] { "Make 'Outer' and 'First' partial" }));

        var fixedSolution = await TrainerWorkspace.ApplyAsync(actions[0]);
        var text = (await fixedSolution.GetDocument(workspace.Document().Id)!.GetTextAsync()).ToString();
        Assert.That(text, Is.EqualTo(@case.Source
            .Replace("public class Outer", "public partial class Outer")
            .Replace("public class First", "public partial class First")));

        var output = await TrainerWorkspace.RunGeneratorAsync(fixedSolution.GetProject(workspace.Project.Id)!);
        Assert.That(output.Diagnostics.Select(d => d.Id), Is.EqualTo(new[] { DiagnosticIds.TrainerNotPartial }), "only Second is left");
    }

    public static readonly Case[] FixAllCases = [.. Cases, TwoTrainersInOneContainer];

    [TestCaseSource(nameof(FixAllCases))]
    public async Task Fix_all_in_a_document_gives_the_same_text(Case @case)
    {
        using var workspace = new TrainerWorkspace(@case.Source);
        var diagnostics = await DiagnosticsBeforeTheFixAsync(workspace, @case);

        var action = await TrainerWorkspace.FixAllAsync(Provider, workspace.Document(), FixAllScope.Document, MakeTrainerPartialCodeFixProvider.EquivalenceKey, diagnostics);
        Assert.That(action, Is.Not.Null, "Fix All offers an action");

        var fixedSolution = await TrainerWorkspace.ApplyAsync(action!);
        await AssertFixedAsync(fixedSolution.GetProject(workspace.Project.Id)!, [@case.Fixed], @case.Trainers, "fix all in the document");
    }

    [Test]
    public async Task Fix_all_in_the_solution_fixes_every_document()
    {
        var cases = new[] { PlainPublicClass, NestedInStaticClass, OnlyContainerNotPartial };
        // Each case in its own namespace so the three files compile together.
        string Source(Case c, int i) => c.Source.Replace("namespace Samples", $"namespace Samples{i}");
        var sources = cases.Select((c, i) => Source(c, i)).ToArray();
        var expected = cases.Select((c, i) => c.Fixed.Replace("namespace Samples", $"namespace Samples{i}")).ToArray();

        using var workspace = new TrainerWorkspace(sources);
        var before = await TrainerWorkspace.RunGeneratorAsync(workspace.Project);
        Assert.That(before.Diagnostics.Select(d => d.Id), Is.EquivalentTo(cases.SelectMany(c => c.Ids)), "diagnostics before the fix");

        var diagnostics = await TrainerWorkspace.InDocumentsAsync(workspace.Project, before.Diagnostics);
        var action = await TrainerWorkspace.FixAllAsync(Provider, workspace.Document(1), FixAllScope.Solution, MakeTrainerPartialCodeFixProvider.EquivalenceKey, diagnostics);
        Assert.That(action, Is.Not.Null, "Fix All offers an action");

        var fixedSolution = await TrainerWorkspace.ApplyAsync(action!);
        await AssertFixedAsync(fixedSolution.GetProject(workspace.Project.Id)!, expected, cases.Sum(c => c.Trainers), "fix all in the solution");
    }

    [Test]
    public void The_provider_fixes_exactly_the_two_ids_the_generator_reports_for_missing_partial()
    {
        var descriptors = GeneratorDescriptors.All();

        Assert.That(Provider.FixableDiagnosticIds, Is.EquivalentTo(new[] { "ML0001", "ML0015" }));
        Assert.That(descriptors["TrainerNotPartial"].Id, Is.EqualTo(DiagnosticIds.TrainerNotPartial));
        Assert.That(descriptors["ContainingTypeNotPartial"].Id, Is.EqualTo(DiagnosticIds.ContainingTypeNotPartial));
        Assert.That(Provider.GetFixAllProvider(), Is.SameAs(WellKnownFixAllProviders.BatchFixer));
    }

    [Test]
    public void The_code_fix_assembly_references_nothing_but_Roslyn_the_framework_and_the_loop_analyzers()
    {
        // It ships beside the generator and the loop analyzers in analyzers/dotnet/cs: the IDE provides Roslyn, MEF and
        // the BCL, and loads MultiLoss.Analyzers (whose loop recognizer the convert-to-trainer fix uses) from that folder.
        var references = typeof(MakeTrainerPartialCodeFixProvider).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

        Assert.That(references, Has.Member("Microsoft.CodeAnalysis.Workspaces"));
        Assert.That(ForeignReferences(references), Is.EqualTo(new[] { "MultiLoss.Analyzers" }), "references other than Roslyn and the framework");
        var analyzers = typeof(MultiLoss.Analyzers.AutogradGraphAnalyzer).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.That(ForeignReferences(analyzers), Is.Empty, "the loop analyzers reference Roslyn and the framework only");
        Assert.That(analyzers, Has.None.StartsWith("Microsoft.CodeAnalysis.Workspaces"), "the loop analyzers run in the compiler, without Workspaces");
    }

    private static string[] ForeignReferences(string[] references)
        => references.Where(name => name != "netstandard"
            && !name.StartsWith("Microsoft.CodeAnalysis", System.StringComparison.Ordinal)
            && !name.StartsWith("System.", System.StringComparison.Ordinal)).ToArray();

    /// <summary>
    /// Checks the tests' premise, that the generator reports exactly the case's ids and generates nothing, and returns
    /// those diagnostics in source order, mapped to the document as the IDE does unless <paramref name="mapped"/> is false.
    /// </summary>
    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsBeforeTheFixAsync(TrainerWorkspace workspace, Case @case, bool mapped = true)
    {
        var before = await TrainerWorkspace.RunGeneratorAsync(workspace.Project);
        var diagnostics = before.Diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
        Assert.That(diagnostics.Select(d => d.Id), Is.EqualTo(@case.Ids), "generator diagnostics before the fix");
        Assert.That(before.HintNames, Is.Empty, "no trainer is generated before the fix");
        return mapped ? await TrainerWorkspace.InDocumentsAsync(workspace.Project, diagnostics) : diagnostics;
    }

    /// <summary>(a) the documents read <paramref name="expected"/>; (b) they compile with the generated code without a warning; (c) the generator reports nothing.</summary>
    private static async Task AssertFixedAsync(Project project, IReadOnlyList<string> expected, int trainers, string what)
    {
        var documents = project.Documents.OrderBy(d => d.Name, System.StringComparer.Ordinal).ToArray();
        Assert.That(documents, Has.Length.EqualTo(expected.Count));
        for (var i = 0; i < documents.Length; i++)
        {
            var text = (await documents[i].GetTextAsync()).ToString();
            Assert.That(text, Is.EqualTo(expected[i]), $"{what}: text of {documents[i].Name}");
        }

        var output = await TrainerWorkspace.RunGeneratorAsync(project);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(output.Diagnostics.Select(d => d.ToString()), Is.Empty, $"{what}: generator diagnostics after the fix");
            Assert.That(output.HintNames, Has.Length.EqualTo(trainers), $"{what}: one generated source per trainer");
            Assert.That(output.CompilationProblems(), Is.Empty, $"{what}: warnings and errors of the fixed code with its generated code");
        }
    }
}
