using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MultiLoss.Generators;
using MultiLoss.Testing;
using NUnit.Framework;

namespace MultiLoss.Analyzers.Tests.Infrastructure;

/// <summary>
/// In-memory compilations against .NET 10, TorchSharp, the MultiLoss runtime and MultiLoss.Logging, with the MultiLoss generator run
/// first (trainers in the code compile as in a real project), and the loop analyzers run on the result.
/// </summary>
internal static class AnalyzerHarness
{
    public static readonly ImmutableArray<MetadataReference> References = UserProjectReferences.With(typeof(MultiLoss.Logging.TrainingReports));

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>A library with nullable enabled; CS1701/CS1702 off, as in every SDK project.</summary>
    public static readonly CSharpCompilationOptions LibraryOptions = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
        .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
        {
            ["CS1701"] = ReportDiagnostic.Suppress,
            ["CS1702"] = ReportDiagnostic.Suppress,
        });

    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } =
        [new AutogradGraphAnalyzer(), new TrainingLoopAnalyzer(), new ConvertToTrainerAnalyzer(), new EndEpochAnalyzer()];

    /// <summary>The ids the loop analyzers report, all of them hidden ones included.</summary>
    public static ImmutableArray<string> Ids { get; } =
        Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(id => id, System.StringComparer.Ordinal).ToImmutableArray();

    public static CSharpCompilation Compile(IEnumerable<(string Path, string Source)> files, CSharpCompilationOptions? options = null)
    {
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Source, ParseOptions, f.Path)).ToArray();
        var compilation = CSharpCompilation.Create("LoopTests", trees, References, options ?? LibraryOptions);
        CSharpGeneratorDriver.Create([new MultiLossGenerator().AsSourceGenerator()], parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);
        return (CSharpCompilation)generated;
    }

    public static CSharpCompilation Compile(string source, CSharpCompilationOptions? options = null)
        => Compile([("Loop.cs", source)], options);

    /// <summary>The loop analyzers' diagnostics on <paramref name="compilation"/>, in source order; fails if an analyzer threw.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer>? analyzers = null)
    {
        var exceptions = new ConcurrentBag<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), (exception, analyzer, _) => exceptions.Add($"{analyzer}: {exception}"),
            concurrentAnalysis: true, logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers ?? Analyzers, options).GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
        Assert.That(exceptions, Is.Empty, "an analyzer threw");
        return diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    /// <summary>The compiler's errors, as text: a test source must compile, or the analyzers would see invalid operations.</summary>
    public static string[] Errors(Compilation compilation)
        => compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToArray();
}
