using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MultiLoss.Generators.Emit;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Declarations;
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
/// A second, smaller branch finds <c>[Loss]</c>, <c>[Metric]</c>, <c>[Model]</c> and <c>[Optimizer]</c> members of types that are no trainer.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class MultiLossGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var declarations = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.TrainerAttribute,
                predicate: static (node, _) => node is TypeDeclarationSyntax,
                transform: TrainerParser.Parse)
            .Where(static declaration => declaration is not null)
            .WithTrackingName(TrackingNames.Declarations);

        var validated = declarations
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

        // A refused trainer gets the stub that keeps the user's own declarations compiling (one per name).
        var refused = validated
            .Select(static (result, _) => result.Refused)
            .Where(static stub => stub is not null)
            .Collect()
            .SelectMany(static (all, _) => Distinct(all!))
            .WithTrackingName(TrackingNames.Refused);

        var trainerDiagnostics = validated
            .SelectMany(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        var outsideTrainerDiagnostics = OutsideTrainerDiagnostics(context, declarations);

        context.RegisterSourceOutput(files, static (output, file) => EmitTrainer(output, file));
        context.RegisterSourceOutput(refused, static (output, stub) => output.AddSource(stub.HintName, RefusedTrainerEmitter.Emit(stub)));
        context.RegisterSourceOutput(
            trainerDiagnostics.Collect().Combine(outsideTrainerDiagnostics.Collect()).Combine(context.CompilationProvider),
            static (output, all) => DiagnosticReporter.Report(output, all.Left.Left.AddRange(all.Left.Right), all.Right));
    }

    /// <summary>
    /// ML0048 for each <c>[Loss]</c>, <c>[Metric]</c>, <c>[Model]</c> and <c>[Optimizer]</c> member of a type without <c>[MultiLossTrainer]</c>,
    /// which the trainer branch never sees; except members a trainer inherits, which its ML0047 reports or its override uses.
    /// </summary>
    private static IncrementalValuesProvider<DiagnosticInfo> OutsideTrainerDiagnostics(
        IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<TrainerDeclaration?> declarations)
    {
        var members = OutsideTrainers(context, KnownNames.LossAttribute, static (node, _) => node is MethodDeclarationSyntax)
            .Collect()
            .Combine(OutsideTrainers(context, KnownNames.MetricAttribute, static (node, _) => node is MethodDeclarationSyntax).Collect())
            .Combine(OutsideTrainers(context, KnownNames.ModelAttribute, static (node, _) => IsDataMember(node)).Collect())
            .Combine(OutsideTrainers(context, KnownNames.OptimizerAttribute, static (node, _) => IsDataMember(node)).Collect())
            .SelectMany(static (all, _) => all.Left.Left.Left.AddRange(all.Left.Left.Right).AddRange(all.Left.Right).AddRange(all.Right))
            .WithTrackingName(TrackingNames.MembersOutsideTrainers);

        var inherited = declarations
            .SelectMany(static (declaration, _) => declaration!.InheritedMembers)
            .Select(static (member, _) => new MemberKey(member.DeclaringType, member.MemberName))
            .WithTrackingName(TrackingNames.InheritedMembers)
            .Collect();

        return members
            .Combine(inherited)
            .Select(static (pair, _) => OutsideTrainerRules.Check(pair.Left, pair.Right))
            .Where(static diagnostic => diagnostic is not null)
            .Select(static (diagnostic, _) => diagnostic!)
            .WithTrackingName(TrackingNames.OutsideTrainerDiagnostics);
    }

    private static IncrementalValuesProvider<MemberOutsideTrainerDeclaration> OutsideTrainers(
        IncrementalGeneratorInitializationContext context, string attribute, System.Func<SyntaxNode, CancellationToken, bool> isMember)
        => context.SyntaxProvider
            .ForAttributeWithMetadataName(attribute, isMember, MembersOutsideTrainers.Parse)
            .Where(static member => member is not null)
            .Select(static (member, _) => member!);

    /// <summary>A field (its declarator: one per name) or a property.</summary>
    private static bool IsDataMember(SyntaxNode node) => node is VariableDeclaratorSyntax or PropertyDeclarationSyntax;

    /// <summary>One stub per hint name, compared ignoring case as Roslyn does (a second trainer of that name gets none).</summary>
    private static System.Collections.Immutable.ImmutableArray<RefusedTrainerSpec> Distinct(System.Collections.Immutable.ImmutableArray<RefusedTrainerSpec?> all)
    {
        var seen = new System.Collections.Generic.HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
        var stubs = System.Collections.Immutable.ImmutableArray.CreateBuilder<RefusedTrainerSpec>();
        foreach (var stub in all)
        {
            if (stub is not null && seen.Add(stub.HintName)) stubs.Add(stub);
        }
        return stubs.ToImmutable();
    }

    private static void EmitTrainer(SourceProductionContext output, GeneratedFile file)
        => output.AddSource(file.HintName, TrainerEmitter.Emit(file.Spec, output.CancellationToken));
}
