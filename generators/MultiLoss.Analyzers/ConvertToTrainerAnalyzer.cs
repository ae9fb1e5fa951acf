using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MultiLoss.Analyzers.Conversion;
using MultiLoss.Analyzers.Torch;

namespace MultiLoss.Analyzers;

/// <summary>
/// MLA0005, a hidden suggestion at a hand-written multi-loss training loop that one of the seed's strategies describes
/// (<see cref="LoopRecognizer"/>): the code fix turns it into a <c>[MultiLossTrainer]</c> and a call to its step.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConvertToTrainerAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(LoopDescriptors.ConvertibleToTrainer);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (TorchSymbols.Resolve(start.Compilation) is not { } torch) return;
            if (start.Compilation.GetTypeByMetadataName("MultiLoss.MultiLossTrainerAttribute") is null) return;
            start.RegisterOperationAction(loop => Analyze(loop, torch), OperationKind.Loop);
        });
    }

    private static void Analyze(OperationAnalysisContext context, TorchSymbols torch)
    {
        var loop = (ILoopOperation)context.Operation;
        if (!ConversionSite.Supports(loop) || LoopRecognizer.Recognize(loop, torch) is not { } plan) return;
        context.ReportDiagnostic(Diagnostic.Create(
            LoopDescriptors.ConvertibleToTrainer, SyntaxLocations.LoopKeyword(loop), plan.Losses.Length, plan.StrategyDescription));
    }
}
