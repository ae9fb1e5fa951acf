using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MultiLoss.Analyzers.Graph;
using MultiLoss.Analyzers.Loops;
using MultiLoss.Analyzers.Torch;

namespace MultiLoss.Analyzers;

/// <summary>
/// Follows the autograd graphs through each method body, lambda and local function (<see cref="GraphInterpreter"/>):
/// MLA0001 at a backward that frees a graph a later backward goes through; MLA0004 at a host read of a loss that
/// only chooses what a training loop backpropagates.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AutogradGraphAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(LoopDescriptors.BackwardFreesSharedGraph, LoopDescriptors.HostReadChoosesBackward);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (TorchSymbols.Resolve(start.Compilation) is not { } torch) return;
            start.RegisterOperationBlockAction(block => Analyze(block, torch));
        });
    }

    private static void Analyze(OperationBlockAnalysisContext context, TorchSymbols torch)
    {
        foreach (var block in context.OperationBlocks)
        {
            foreach (var body in Bodies(block))
            {
                var graphs = GraphInterpreter.Run(torch, body);
                ReportConflicts(context, graphs.Conflicts);
                foreach (var read in graphs.HostReadsOfGraphs)
                {
                    if (!HostReadChoice.OnlyChoosesBackward(read, torch)) continue;
                    context.ReportDiagnostic(Diagnostic.Create(
                        LoopDescriptors.HostReadChoosesBackward, SyntaxLocations.CallFromName(read), read.Syntax.ToString()));
                }
            }
        }
    }

    /// <summary>The block itself, and every lambda and local function in it, each a body of its own.</summary>
    private static IEnumerable<IOperation> Bodies(IOperation block)
    {
        yield return block;
        foreach (var operation in block.Descendants())
        {
            switch (operation)
            {
                case IAnonymousFunctionOperation lambda:
                    yield return lambda.Body;
                    break;
                case ILocalFunctionOperation { Body: { } body }:
                    yield return body;
                    break;
            }
        }
    }

    /// <summary>One report per backward that frees a graph, naming the first later backward that needs it.</summary>
    private static void ReportConflicts(OperationBlockAnalysisContext context, IReadOnlyList<GraphConflict> conflicts)
    {
        var reported = new HashSet<IInvocationOperation>();
        foreach (var conflict in conflicts)
        {
            if (!reported.Add(conflict.Earlier)) continue;
            var laterLine = conflict.Later.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            context.ReportDiagnostic(Diagnostic.Create(
                LoopDescriptors.BackwardFreesSharedGraph, SyntaxLocations.CallFromName(conflict.Earlier),
                additionalLocations: [SyntaxLocations.CallFromName(conflict.Later)],
                SyntaxLocations.ReceiverText(conflict.Earlier), laterLine));
        }
    }
}
