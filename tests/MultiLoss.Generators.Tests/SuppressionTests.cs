using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using MultiLoss.Generators.Tests.Infrastructure;
using NUnit.Framework;

namespace MultiLoss.Generators.Tests;

/// <summary>
/// The generator's diagnostics behave like the compiler's: they are located in the user's syntax tree, so
/// <c>#pragma warning disable</c> suppresses a warning and a per-file severity (what <c>.editorconfig</c>'s
/// <c>dotnet_diagnostic.MLxxxx.severity</c> becomes) changes or removes it. tests/MultiLoss.Package.Tests checks the
/// same through <c>dotnet build</c>.
/// </summary>
public sealed class SuppressionTests
{
    private const string Usings = """
        using MultiLoss;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace Samples;

        """;

    /// <summary>A trainer that gets the warning ML0026 (separate backward with one loss) at its attribute.</summary>
    private static string SeparateWithOneLoss(string name, string before = "", string after = "") => $$"""
        {{before}}[MultiLossTrainer(Backward = BackwardMode.Separate)]
        {{after}}public partial class {{name}}
        {
            [Model] private readonly nn.Module<Tensor, Tensor> model = null!;
            [Optimizer] private readonly optim.Optimizer optimizer = null!;

            [Loss] private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);
        }

        """;

    [Test]
    public void Diagnostics_are_located_in_the_syntax_tree_they_point_at()
    {
        var compilation = GeneratorHarness.CreateCompilation(
            GeneratorHarness.Parse(Usings + SeparateWithOneLoss("First"), "First.cs"),
            GeneratorHarness.Parse(Usings + SeparateWithOneLoss("Second"), "Second.cs"));

        var diagnostics = GeneratorHarness.Run(compilation).GeneratorDiagnostics;

        Assert.That(diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "ML0026", "ML0026" }));
        Assert.Multiple(() =>
        {
            foreach (var diagnostic in diagnostics)
            {
                Assert.That(diagnostic.Location.Kind, Is.EqualTo(LocationKind.SourceFile), diagnostic.ToString());
                Assert.That(diagnostic.Location.SourceTree, Is.SameAs(compilation.SyntaxTrees.Single(t => t.FilePath == diagnostic.Location.GetLineSpan().Path)));
                Assert.That(diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan),
                    Is.EqualTo("MultiLossTrainer(Backward = BackwardMode.Separate)"));
            }
        });
    }

    [Test]
    public void A_path_several_trees_share_keeps_the_location_outside_the_trees()
    {
        // Which of the trees is meant cannot be told from the path: the diagnostic keeps its path and span only.
        var compilation = GeneratorHarness.CreateCompilation(
            GeneratorHarness.Parse(Usings + SeparateWithOneLoss("First"), "Same.cs"),
            GeneratorHarness.Parse(Usings + "namespace Samples.Other;\n", "Same.cs"));

        var diagnostic = GeneratorHarness.Run(compilation).GeneratorDiagnostics.Single();

        Assert.That(diagnostic.Location.Kind, Is.EqualTo(LocationKind.ExternalFile));
        Assert.That(diagnostic.Location.SourceTree, Is.Null);
        Assert.That(diagnostic.Location.GetLineSpan().Path, Is.EqualTo("Same.cs"));
        Assert.That(compilation.SyntaxTrees.First().GetText().ToString(diagnostic.Location.SourceSpan),
            Is.EqualTo("MultiLossTrainer(Backward = BackwardMode.Separate)"));
    }

    [Test]
    public void Pragma_warning_disable_suppresses_a_warning_and_only_where_it_applies()
    {
        var source = Usings
            + SeparateWithOneLoss("Quiet", before: "#pragma warning disable ML0026\n", after: "#pragma warning restore ML0026\n")
            + SeparateWithOneLoss("Loud");

        var diagnostics = GeneratorHarness.Run(source).GeneratorDiagnostics;

        Assert.That(diagnostics.Select(d => (d.Id, d.GetMessage().Split(' ')[0], d.IsSuppressed)),
            Is.EquivalentTo(new[] { ("ML0026", "'Quiet'", true), ("ML0026", "'Loud'", false) }));
    }

    [Test]
    public void A_per_file_severity_removes_or_changes_a_warning_in_that_file_only()
    {
        var quiet = GeneratorHarness.Parse(Usings + SeparateWithOneLoss("Quiet"), "Quiet.cs");
        var loud = GeneratorHarness.Parse(Usings + SeparateWithOneLoss("Loud"), "Loud.cs");
        var raised = GeneratorHarness.Parse(Usings + SeparateWithOneLoss("Raised"), "Raised.cs");
        var compilation = GeneratorHarness.CreateCompilation(quiet, loud, raised);
        var options = new PerFileSeverities(("Quiet.cs", "ML0026", ReportDiagnostic.Suppress), ("Raised.cs", "ML0026", ReportDiagnostic.Error));
        compilation = compilation.WithOptions(compilation.Options.WithSyntaxTreeOptionsProvider(options));

        var diagnostics = GeneratorHarness.Run(compilation).GeneratorDiagnostics;

        Assert.That(diagnostics.Select(d => (d.Location.GetLineSpan().Path, d.Id, d.Severity)),
            Is.EquivalentTo(new[] { ("Loud.cs", "ML0026", DiagnosticSeverity.Warning), ("Raised.cs", "ML0026", DiagnosticSeverity.Error) }));
    }

    /// <summary>Severities per file and id, as the compiler gets them from <c>.editorconfig</c>.</summary>
    private sealed class PerFileSeverities(params (string Path, string Id, ReportDiagnostic Severity)[] entries) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.Unknown;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            foreach (var entry in entries)
            {
                if (entry.Path != tree.FilePath || entry.Id != diagnosticId) continue;
                severity = entry.Severity;
                return true;
            }
            severity = ReportDiagnostic.Default;
            return false;
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Default;
            return false;
        }
    }
}
