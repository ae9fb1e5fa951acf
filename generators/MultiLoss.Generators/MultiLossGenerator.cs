using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MultiLoss.Generators.Emit;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Specs;
using MultiLoss.Generators.Parsing;
using MultiLoss.Generators.Reporting;
using MultiLoss.Generators.Validation;

namespace MultiLoss.Generators;

/// <summary>
/// Emits the train step of every <c>[MultiLossTrainer]</c> class:
/// find (attribute) → parse (symbols → declaration) → validate (declaration → spec + diagnostics) → emit (spec → source).
/// Diagnostics travel on their own branch so that the source branch, which holds no locations, stays cached
/// while code only moves; only their last step meets the compilation, to report them in its syntax trees.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class MultiLossGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var validated = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.TrainerAttribute,
                predicate: static (node, _) => node is TypeDeclarationSyntax,
                transform: TrainerParser.Parse)
            .Where(static declaration => declaration is not null)
            .WithTrackingName(TrackingNames.Declarations)
            .Select(static (declaration, cancellationToken) => TrainerValidator.Validate(declaration!, cancellationToken))
            .WithTrackingName(TrackingNames.Validated);

        var specs = validated
            .Select(static (result, _) => result.Spec)
            .Where(static spec => spec is not null)
            .WithTrackingName(TrackingNames.Specs);

        // Hint names must be unique ignoring case; two trainers whose names differ only in case get a suffix.
        var files = specs
            .Collect()
            .SelectMany(static (all, _) => GeneratedFile.ForEach(all!))
            .WithTrackingName(TrackingNames.Files);

        var diagnostics = validated
            .SelectMany(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        context.RegisterSourceOutput(files, static (output, file) => EmitTrainer(output, file));
        context.RegisterSourceOutput(
            diagnostics.Collect().Combine(context.CompilationProvider),
            static (output, pair) => DiagnosticReporter.Report(output, pair.Left, pair.Right));
    }

    private static void EmitTrainer(SourceProductionContext output, GeneratedFile file)
        => output.AddSource(file.HintName, TrainerEmitter.Emit(file.Spec, output.CancellationToken));
}
