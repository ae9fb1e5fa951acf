using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MultiLoss.Analyzers.Loops;
using MultiLoss.Analyzers.Torch;

namespace MultiLoss.Analyzers;

/// <summary>
/// MLA0002 (a training loop that never zeroes the gradients) and MLA0003 (the optimizer steps before the backward),
/// on the innermost loop whose body calls both <c>backward()</c> and an optimizer's <c>step()</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TrainingLoopAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(LoopDescriptors.GradientsNeverZeroed, LoopDescriptors.StepBeforeBackward);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (TorchSymbols.Resolve(start.Compilation) is not { } torch) return;
            start.RegisterOperationAction(loop => Analyze(loop, torch), OperationKind.Loop);
        });
    }

    private static void Analyze(OperationAnalysisContext context, TorchSymbols torch)
    {
        var loop = (ILoopOperation)context.Operation;
        if (TrainingLoop.Find(loop, torch) is not { ContainsTrainingLoop: false } training) return;

        var step = training.Steps[0];
        if (!training.ZeroesGradients)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                LoopDescriptors.GradientsNeverZeroed, SyntaxLocations.LoopKeyword(loop),
                additionalLocations: [SyntaxLocations.CallFromName(step)], SyntaxLocations.ReceiverText(step)));
        }

        if (StepOrder.UnconditionalStepBeforeBackward(training, torch) is { } early && !BackwardRunsBefore(loop, torch))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                LoopDescriptors.StepBeforeBackward, SyntaxLocations.CallFromName(early), SyntaxLocations.ReceiverText(early)));
        }
    }

    /// <summary>
    /// Whether a backward before the loop (in the same body) gives the first iteration's step its gradients: a loop
    /// rotated on purpose, each iteration stepping on the previous backward.
    /// </summary>
    private static bool BackwardRunsBefore(ILoopOperation loop, TorchSymbols torch)
    {
        var root = (IOperation)loop;
        while (root.Parent is { } parent && root is not (IAnonymousFunctionOperation or ILocalFunctionOperation)) root = parent;
        return BodyWalker.Operations(root).OfType<IInvocationOperation>()
            .Any(i => torch.IsBackward(i.TargetMethod) && i.Syntax.SpanStart < loop.Syntax.SpanStart && !BodyWalker.IsInBodyOf(i, loop));
    }
}
