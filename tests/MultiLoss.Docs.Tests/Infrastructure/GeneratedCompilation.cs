using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MultiLoss.Generators;
using MultiLoss.Testing;

namespace MultiLoss.Docs.Tests.Infrastructure;

/// <summary>
/// One C# file compiled in memory as a user's project would compile it: .NET 10, nullable enabled, no implicit usings,
/// TorchSharp, the MultiLoss runtime and MultiLoss.Logging referenced, and the MultiLoss generator run on it. The language is C# 13, the
/// oldest the README promises (a net10.0 project defaults to C# 14).
/// </summary>
internal sealed record GeneratedCompilation(CSharpCompilation Compilation, ImmutableArray<Diagnostic> GeneratorDiagnostics, IReadOnlyList<SyntaxTree> Generated)
{
    private static readonly ImmutableArray<MetadataReference> References =
        UserProjectReferences.With(typeof(MultiLoss.Logging.TrainingReports), typeof(Microsoft.Extensions.Logging.ILogger));

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp13);

    public static GeneratedCompilation Of(string source, OutputKind kind)
    {
        var options = new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                // A reference built against an older System.Runtime (TorchSharp against .NET 8); off in every SDK project.
                ["CS1701"] = ReportDiagnostic.Suppress,
                ["CS1702"] = ReportDiagnostic.Suppress,
            });
        var tree = CSharpSyntaxTree.ParseText(source, ParseOptions, "Doc.cs");
        var compilation = CSharpCompilation.Create("DocExample", [tree], References, options);
        var driver = CSharpGeneratorDriver.Create([new MultiLossGenerator().AsSourceGenerator()], parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var updated, out _);
        var result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null) throw result.Exception;
        return new GeneratedCompilation((CSharpCompilation)updated, result.Diagnostics, result.GeneratedSources.Select(s => s.SyntaxTree).ToList());
    }

    /// <summary>The generator's diagnostics and the compilation's errors, as text.</summary>
    public IReadOnlyList<string> Problems() =>
        GeneratorDiagnostics.Concat(Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)).Select(d => d.ToString()).ToList();
}
