using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MultiLoss.Analyzers;

/// <summary>
/// MLA0006: a trainer whose method works per epoch (its attribute class is marked <c>[RequiresEndEpoch]</c>: DWA, STCH)
/// is stepped somewhere in the project, but its <c>EndEpoch()</c> is called nowhere, so the method's weights never
/// change. Reported once the whole compilation is seen, at the method's attribute on the trainer. A call through
/// <c>IMultiLossTrainer.EndEpoch()</c> may reach any trainer, so with one the analyzer reports nothing; so does a
/// <c>MultiLoss.Logging.FitLoop</c> the project creates, which makes that call after each epoch.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EndEpochAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(LoopDescriptors.EndEpochNeverCalled);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var compilation = start.Compilation;
            if (compilation.GetTypeByMetadataName("MultiLoss.MultiLossTrainerAttribute") is not { } trainerAttribute
                || compilation.GetTypeByMetadataName("MultiLoss.Methods.RequiresEndEpochAttribute") is not { } requiresEndEpoch)
            {
                return;
            }
            var usage = new Usage(trainerAttribute, compilation.GetTypeByMetadataName("MultiLoss.IMultiLossTrainer"));
            start.RegisterOperationAction(operation => usage.Record((IInvocationOperation)operation.Operation), OperationKind.Invocation);
            if (compilation.GetTypeByMetadataName("MultiLoss.Logging.FitLoop`2") is { } fitLoop)
            {
                start.RegisterOperationAction(operation => usage.Record((IObjectCreationOperation)operation.Operation, fitLoop), OperationKind.ObjectCreation);
            }
            start.RegisterCompilationEndAction(end => usage.Report(end, requiresEndEpoch));
        });
    }

    /// <summary>Which trainers the compilation steps and which it ends epochs of.</summary>
    private sealed class Usage(INamedTypeSymbol trainerAttribute, INamedTypeSymbol? trainerInterface)
    {
        private readonly ConcurrentDictionary<INamedTypeSymbol, bool> stepped = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<INamedTypeSymbol, bool> ended = new(SymbolEqualityComparer.Default);
        private int endedThroughInterface;

        public void Record(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var type = method.ContainingType;
            if (method.Name == "EndEpoch" && method.Parameters.Length == 0)
            {
                if (SymbolEqualityComparer.Default.Equals(type, trainerInterface)) Interlocked.Exchange(ref endedThroughInterface, 1);
                else if (IsTrainer(type)) ended[type] = true;
                return;
            }
            // A step returns the trainer's own StepResult; so does Evaluate, which trains nothing.
            if (method.Name != "Evaluate" && method.ReturnType.Name == "StepResult" && IsTrainer(type)) stepped[type] = true;
        }

        /// <summary>A fit loop ends the epochs of the trainer it is given through the common interface.</summary>
        public void Record(IObjectCreationOperation creation, INamedTypeSymbol fitLoop)
        {
            if (SymbolEqualityComparer.Default.Equals(creation.Type?.OriginalDefinition, fitLoop)) Interlocked.Exchange(ref endedThroughInterface, 1);
        }

        public void Report(CompilationAnalysisContext context, INamedTypeSymbol requiresEndEpoch)
        {
            if (Volatile.Read(ref endedThroughInterface) != 0) return;
            foreach (var trainer in stepped.Keys)
            {
                if (ended.ContainsKey(trainer)) continue;
                foreach (var attribute in trainer.GetAttributes())
                {
                    if (!RequiresEndEpoch(attribute.AttributeClass, requiresEndEpoch)) continue;
                    if (attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is not { } syntax) continue;
                    context.ReportDiagnostic(Diagnostic.Create(
                        LoopDescriptors.EndEpochNeverCalled, syntax.GetLocation(), trainer.Name, attribute.AttributeClass!.Name));
                }
            }
        }

        private bool IsTrainer(INamedTypeSymbol? type)
        {
            if (type is null) return false;
            foreach (var attribute in type.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, trainerAttribute)) return true;
            }
            return false;
        }

        private static bool RequiresEndEpoch(INamedTypeSymbol? attributeClass, INamedTypeSymbol marker)
        {
            for (var type = attributeClass; type is not null; type = type.BaseType)
            {
                foreach (var attribute in type.GetAttributes())
                {
                    if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, marker)) return true;
                }
            }
            return false;
        }
    }
}
