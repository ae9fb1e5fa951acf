using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Declarations;
using MultiLoss.Generators.Model.Specs;
using MultiLoss.Generators.Tests.Infrastructure;
using MultiLoss.Generators.Validation;
using NUnit.Framework;

namespace MultiLoss.Generators.Tests;

/// <summary>
/// The pipeline caches: re-running on the same or an unrelatedly edited compilation redoes no work past the
/// first transform, moving code leaves the specs (and so the emitted source) cached, and no tracked step holds
/// a symbol, syntax node, location, semantic model or compilation.
/// </summary>
public sealed class IncrementalTests
{
    private static readonly string[] AllSteps =
    [
        TrackingNames.Declarations,
        TrackingNames.Validated,
        TrackingNames.Specs,
        TrackingNames.Diagnostics,
        TrackingNames.MembersOutsideTrainers,
        TrackingNames.InheritedMembers,
        TrackingNames.OutsideTrainerDiagnostics,
    ];

    private const string OtherPath = "Other.cs";

    private const string OtherSource = """
        namespace Samples.Other;

        // Helpers that have nothing to do with training.
        public static class Helper
        {
            public static int Answer() => 42;
        }
        """;

    /// <summary>A class with a loss but no [MultiLossTrainer] (ML0048), so the branch of members outside trainers has outputs too.</summary>
    private const string OutsidePath = "Outside.cs";

    private const string OutsideSource = """
        using MultiLoss;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace Samples.Outside;

        public class NotATrainer
        {
            [Loss] public Tensor Helper(Tensor output) => output.mean();
        }
        """;

    /// <summary>A trainer the generator rejects (negative weight), so the diagnostics branch has outputs too.</summary>
    private const string RejectedPath = "Rejected.cs";

    private const string RejectedSource = """
        using MultiLoss;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace Samples;

        [MultiLossTrainer]
        public partial class RejectedTrainer
        {
            [Model] private readonly nn.Module<Tensor, Tensor> model = null!;
            [Optimizer] private readonly optim.Optimizer optimizer = null!;

            [Loss(weight: -1.0)]
            private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);
        }
        """;

    [Test]
    public void Rerun_on_the_same_compilation_is_all_cached()
    {
        var (driver, compilation) = FirstRun();

        var rerun = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        AssertAllCachedOrUnchanged(rerun);
    }

    [Test]
    public void Adding_an_unrelated_file_is_all_cached()
    {
        var (driver, compilation) = FirstRun();
        var edited = compilation.AddSyntaxTrees(GeneratorHarness.Parse("namespace Samples.Other; public sealed class Unrelated { }", "Unrelated.cs"));

        var rerun = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertAllCachedOrUnchanged(rerun);
    }

    [TestCase("// Helpers that have nothing to do with training.", "// Helpers, edited.")]
    [TestCase("public static int Answer() => 42;", "public static int Answer() => 6 * 7;")]
    public void Editing_another_file_is_all_cached(string before, string after)
    {
        var (driver, compilation) = FirstRun();
        var edited = Replace(compilation, OtherPath, before, after);

        var rerun = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertAllCachedOrUnchanged(rerun);
    }

    [Test]
    public void Editing_code_below_the_trainer_in_its_own_file_is_all_cached()
    {
        // The trainer's own file changed, so the trainer is parsed again; nothing in it moved, so its
        // declaration must compare equal to the previous one.
        var (driver, compilation) = FirstRun();
        var edited = Replace(compilation, TrainerSources.TwoLossesWeighted.Name + ".cs", "public static int One() => 1;", "public static int One() => 2 - 1;");

        var rerun = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertAllCachedOrUnchanged(rerun);
    }

    [Test]
    public void Moving_the_trainer_leaves_the_specs_cached()
    {
        var (driver, compilation) = FirstRun();
        var trainerPath = TrainerSources.TwoLossesWeighted.Name + ".cs";
        var moved = Replace(compilation, trainerPath, "[MultiLossTrainer]", "\n\n\n[MultiLossTrainer]");

        var rerun = driver.RunGenerators(moved).GetRunResult().Results.Single();

        // The control: the move reached the pipeline (a declaration holds locations, so it changed) ...
        Assert.That(Reasons(rerun, TrackingNames.Declarations), Does.Contain(IncrementalStepRunReason.Modified), "the moved trainer's declaration");
        // ... yet the specs, which hold no locations, are equal, so nothing is emitted again.
        Assert.That(Reasons(rerun, TrackingNames.Specs), Is.Not.Empty.And.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged));
    }

    [Test]
    public void Changing_a_weight_changes_the_spec()
    {
        // The control for the tests above: a change that matters is not cached away.
        var (driver, compilation) = FirstRun();
        var trainerPath = TrainerSources.TwoLossesWeighted.Name + ".cs";
        var changed = Replace(compilation, trainerPath, "[Loss(weight: 0.5)]\n    private Tensor Regression", "[Loss(weight: 0.25)]\n    private Tensor Regression");

        var rerun = driver.RunGenerators(changed).GetRunResult().Results.Single();

        Assert.That(Reasons(rerun, TrackingNames.Specs), Does.Contain(IncrementalStepRunReason.Modified));
        Assert.That(rerun.GeneratedSources.Single(s => s.HintName == TrainerSources.TwoLossesWeighted.HintName).SourceText.ToString(), Does.Contain("0.25"));
    }

    [Test]
    public void No_tracked_step_holds_a_symbol_syntax_location_or_compilation()
    {
        var (driver, compilation) = FirstRun();
        var runs = new[]
        {
            driver.GetRunResult().Results.Single(),
            driver.RunGenerators(Replace(compilation, OtherPath, "=> 42", "=> 43")).GetRunResult().Results.Single(),
        };

        var graph = new ObjectGraph();
        foreach (var run in runs)
        {
            foreach (var (name, steps) in run.TrackedSteps.Where(s => AllSteps.Contains(s.Key)))
            {
                for (var i = 0; i < steps.Length; i++)
                {
                    for (var j = 0; j < steps[i].Outputs.Length; j++)
                    {
                        graph.Visit(steps[i].Outputs[j].Value, $"{name}[{i}].Outputs[{j}]");
                    }
                }
            }
        }

        Assert.That(graph.Findings, Is.Empty);
        // The walk went into every kind of model, through EquatableArray/ImmutableArray contents.
        Assert.That(graph.VisitedTypes, Is.SupersetOf(new[]
        {
            typeof(TrainerDeclaration), typeof(LossDeclaration), typeof(ParameterDeclaration), typeof(MemberDeclaration),
            typeof(ForwardDeclaration), typeof(ForwardOutputDeclaration), typeof(ValidationResult), typeof(TrainerSpec),
            typeof(LossSpec), typeof(ForwardSpec), typeof(StepSpec), typeof(DiagnosticInfo), typeof(LocationInfo),
            typeof(PhaseDeclaration), typeof(PhaseMembershipDeclaration), typeof(GateDeclaration), typeof(PhaseSpec), typeof(GateSpec),
            typeof(InheritedMemberDeclaration), typeof(MemberOutsideTrainerDeclaration), typeof(MemberKey),
        }));
    }

    [Test]
    public void The_object_graph_walk_finds_roslyn_objects_in_arrays_and_fields()
    {
        // The control for the walk: it must see through arrays, immutable arrays, tuples and private fields.
        var compilation = GeneratorHarness.CreateCompilation(OtherSource, OtherPath);
        var tree = compilation.SyntaxTrees.Single();
        var symbol = compilation.GetTypeByMetadataName("Samples.Other.Helper")!;
        var root = (
            Items: ImmutableArray.Create<object>("text", new object[] { 1, symbol }),
            Holder: new KeyValuePair<string, object>("key", tree.GetRoot().GetLocation()),
            Model: compilation.GetSemanticModel(tree));

        var graph = ObjectGraph.Walk(root, "root");

        Assert.That(graph.Findings, Has.Exactly(1).Contains("INamedTypeSymbol").Or.Contains("NamedTypeSymbol"));
        Assert.That(graph.Findings, Has.Exactly(1).Contains("Location"));
        Assert.That(graph.Findings, Has.Exactly(1).Contains("SemanticModel"));
    }

    /// <summary>A trainer with phases and a gate, so their models are in the pipeline too; it overrides a loss of its base class.</summary>
    private const string PhasedPath = "Phased.cs";

    private const string PhasedSource = """
        using MultiLoss;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace Samples;

        public abstract class PhasedBase
        {
            [Loss(0.1)] protected virtual Tensor Activity(Tensor output) => output.abs().mean();
        }

        [MultiLossTrainer]
        [Phase(1, Steps = 100)]
        [Phase(2, Backward = BackwardMode.Separate)]
        public partial class PhasedTrainer : PhasedBase
        {
            [Model] private readonly nn.Module<Tensor, Tensor> model = null!;
            [Optimizer] private readonly optim.Optimizer optimizer = null!;

            [Loss]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(0.5), GateOn(0.3, Latch = true)]
            private Tensor Smoothness(Tensor output) => output.diff().abs().mean();

            [Loss(0.1), Phase(2)]
            protected override Tensor Activity(Tensor output) => output.abs().mean();
        }
        """;

    /// <summary>Unrelated code after the trainer, in the trainer's file.</summary>
    private const string TrailingHelper = """

        public static class TrailingHelper
        {
            public static int One() => 1;
        }
        """;

    /// <summary>A compilation with several trainers (including a rejected one), run once with step tracking.</summary>
    private static (GeneratorDriver Driver, Compilation Compilation) FirstRun()
    {
        var compilation = GeneratorHarness.CreateCompilation(
            GeneratorHarness.Parse(TrainerSources.TwoLossesWeighted.Source + TrailingHelper, TrainerSources.TwoLossesWeighted.Name + ".cs"),
            GeneratorHarness.Parse(TrainerSources.MultiOutputForward.Source, TrainerSources.MultiOutputForward.Name + ".cs"),
            GeneratorHarness.Parse(TrainerSources.NestedInNamespace.Source, TrainerSources.NestedInNamespace.Name + ".cs"),
            GeneratorHarness.Parse(PhasedSource, PhasedPath),
            GeneratorHarness.Parse(RejectedSource, RejectedPath),
            GeneratorHarness.Parse(OutsideSource, OutsidePath),
            GeneratorHarness.Parse(OtherSource, OtherPath));
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        var first = driver.GetRunResult().Results.Single();
        Assert.That(first.Exception, Is.Null, "the generator threw");
        Assert.That(first.GeneratedSources.Select(s => s.HintName).Count(n => !n.EndsWith(".Refused.g.cs")), Is.EqualTo(4), "sources of the first run");
        Assert.That(first.GeneratedSources, Has.Length.EqualTo(5), "the four trainers and the rejected one's stub");
        Assert.That(first.Diagnostics.Select(d => d.Id), Is.EquivalentTo(new[] { "ML0009", "ML0048" }), "diagnostics of the first run");
        return (driver, compilation);
    }

    private static Compilation Replace(Compilation compilation, string path, string before, string after)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        var text = tree.GetText().ToString();
        Assert.That(text, Does.Contain(before), $"the text to replace in {path}");
        return compilation.ReplaceSyntaxTree(tree, GeneratorHarness.Parse(text.Replace(before, after), path));
    }

    private static IncrementalStepRunReason[] Reasons(GeneratorRunResult run, string stepName)
    {
        Assert.That(run.TrackedSteps.ContainsKey(stepName), $"the step '{stepName}' ran");
        return run.TrackedSteps[stepName].SelectMany(step => step.Outputs).Select(output => output.Reason).ToArray();
    }

    private static void AssertAllCachedOrUnchanged(GeneratorRunResult run)
    {
        Assert.That(run.Exception, Is.Null, "the generator threw");
        // The first transform's output must be there, or the check below would pass vacuously.
        Assert.That(run.TrackedSteps.Keys, Does.Contain(TrackingNames.Declarations), "tracked steps that ran");

        using (Assert.EnterMultipleScope())
        {
            foreach (var name in AllSteps.Where(run.TrackedSteps.ContainsKey))
            {
                Assert.That(Reasons(run, name), Is.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged), name);
            }
        }
    }
}
