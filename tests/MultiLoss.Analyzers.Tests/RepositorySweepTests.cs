using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MultiLoss.Analyzers.Tests.Infrastructure;
using NUnit.Framework;

namespace MultiLoss.Analyzers.Tests;

/// <summary>
/// The analyzers over the repository's own code: the examples, the run-time and weighting tests, whose hand-written
/// loops are correct (they are the references the generated steps are tested against), and the runtime library. Each folder is compiled as its project
/// is, with the generator, and nothing may be reported but hidden suggestions (MLA0005), which are listed. The digits
/// example's console, command-line and plotting libraries are not referenced, so its files that use them do not bind;
/// none of them trains.
/// </summary>
public sealed class RepositorySweepTests
{
    /// <summary>Folder, and the least number of backward() calls the sweep must see there (so that it does look at loops).</summary>
    public static IEnumerable<TestCaseData> Folders()
    {
        yield return new TestCaseData("examples/Digits", 0);
        yield return new TestCaseData("examples/SeedStrategies", 0);
        yield return new TestCaseData("tests/MultiLoss.Tests", 30);
        yield return new TestCaseData("tests/MultiLoss.Methods.Tests", 5);
        yield return new TestCaseData("src/MultiLoss", 2);
    }

    [TestCaseSource(nameof(Folders))]
    public async Task Nothing_is_reported_on(string folder, int leastBackwards)
    {
        var files = SourceFiles(folder).Select(path => (path, File.ReadAllText(path))).ToArray();
        Assert.That(files, Is.Not.Empty);
        var compilation = AnalyzerHarness.Compile(files, AnalyzerHarness.LibraryOptions)
            .AddReferences(MetadataReference.CreateFromFile(typeof(Assert).Assembly.Location))
            .WithAssemblyName(Path.GetFileName(folder)); // the project's name: the runtime shows its internals to its own tests

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        TestContext.Out.WriteLine($"{files.Length} files, {errors.Length} compile errors");
        var filesThatTrain = files.Where(f => f.Item2.Contains("backward(") || f.Item2.Contains(".Step(")).Select(f => f.path).ToHashSet();
        Assert.That(errors.Where(e => filesThatTrain.Contains(e.Location.SourceTree!.FilePath)).Select(e => e.ToString()), Is.Empty,
            "code that trains binds");

        var diagnostics = await AnalyzerHarness.AnalyzeAsync(compilation);
        foreach (var suggestion in diagnostics.Where(d => d.Severity == DiagnosticSeverity.Hidden)) TestContext.Out.WriteLine(suggestion);

        Assert.That(diagnostics.Where(d => d.Severity != DiagnosticSeverity.Hidden).Select(d => d.ToString()), Is.Empty);
        Assert.That(BackwardCalls(compilation), Is.GreaterThanOrEqualTo(leastBackwards), "backward() calls the analyzers looked at");
    }

    /// <summary>The folder's C# files, and the files its project links in from elsewhere (<c>&lt;Compile Include="../..." /&gt;</c>).</summary>
    private static IEnumerable<string> SourceFiles(string folder)
    {
        var root = Path.Combine(RepoRoot(), folder);
        var own = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));
        var linked = Directory.EnumerateFiles(root, "*.csproj")
            .SelectMany(project => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(project), "<Compile Include=\"([^\"]+\\.cs)\"")
                .Select(match => Path.GetFullPath(Path.Combine(root, match.Groups[1].Value))));
        return own.Concat(linked).Distinct().OrderBy(p => p, System.StringComparer.Ordinal);
    }

    private static int BackwardCalls(Compilation compilation)
        => compilation.SyntaxTrees.Sum(tree =>
        {
            var model = compilation.GetSemanticModel(tree);
            return tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
                .Count(call => model.GetSymbolInfo(call).Symbol is IMethodSymbol { Name: "backward" } method
                               && method.ContainingType.ToDisplayString() == "TorchSharp.torch.Tensor");
        });

    private static string RepoRoot()
        => typeof(RepositorySweepTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
}
