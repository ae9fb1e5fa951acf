using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MultiLoss.Testing;
using NUnit.Framework;

namespace MultiLoss.Generators.Tests.Infrastructure;

/// <summary>
/// Builds in-memory compilations against .NET 10, TorchSharp and the MultiLoss runtime, and runs the
/// MultiLoss generator on them.
/// </summary>
internal static class GeneratorHarness
{
    /// <summary>The path a single-file compilation's source gets.</summary>
    public const string DefaultPath = "Trainer.cs";

    private static readonly ImmutableArray<MetadataReference> References = UserProjectReferences.Runtime;

    /// <summary>
    /// The latest language, doc comments diagnosed as in a library built with GenerateDocumentationFile: generated
    /// code must not add a doc warning (missing comment, bad cref) to a user's documented code.
    /// </summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    /// <summary>
    /// A library with nullable enabled and every warning wave on. CS1701/CS1702 (a reference built against an older
    /// System.Runtime, here TorchSharp against .NET 8) are off, as the .NET SDK turns them off in every project.
    /// </summary>
    private static readonly CSharpCompilationOptions CompilationOptions = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            warningLevel: 9999)
        .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
        {
            ["CS1701"] = ReportDiagnostic.Suppress,
            ["CS1702"] = ReportDiagnostic.Suppress,
        });

    public static SyntaxTree Parse(string source, string path = DefaultPath)
        => CSharpSyntaxTree.ParseText(source, ParseOptions, path);

    public static CSharpCompilation CreateCompilation(string source, string path = DefaultPath)
        => CreateCompilation(Parse(source, path));

    public static CSharpCompilation CreateCompilation(params SyntaxTree[] trees)
        => CSharpCompilation.Create("GeneratorTestAssembly", trees, References, CompilationOptions);

    /// <summary>A driver for the MultiLoss generator; <paramref name="trackSteps"/> records each tracked step's inputs and outputs.</summary>
    public static GeneratorDriver CreateDriver(bool trackSteps = false)
        => CSharpGeneratorDriver.Create(
            [new MultiLossGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator once on <paramref name="compilation"/>; fails the test if the generator threw.</summary>
    public static GeneratorOutput Run(Compilation compilation)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var updated, out _);
        var result = driver.GetRunResult().Results.Single();
        Assert.That(result.Exception, Is.Null, "the generator threw");
        return new GeneratorOutput(updated, result);
    }

    public static GeneratorOutput Run(string source) => Run(CreateCompilation(source));
}

/// <summary>One run of the generator: what it added and reported, and the compilation with its sources added.</summary>
internal sealed record GeneratorOutput(Compilation Compilation, GeneratorRunResult Result)
{
    public ImmutableArray<Diagnostic> GeneratorDiagnostics => Result.Diagnostics;

    public ImmutableArray<GeneratedSourceResult> Sources => Result.GeneratedSources;

    /// <summary>The text of the one generated source; fails unless exactly one was added, under <paramref name="hintName"/>.</summary>
    public string SingleSource(string hintName)
    {
        Assert.That(Sources.Select(s => s.HintName), Is.EqualTo(new[] { hintName }), "generated sources");
        return Sources[0].SourceText.ToString();
    }
}
