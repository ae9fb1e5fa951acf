using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MultiLoss.Analyzers.Conversion;
using MultiLoss.Analyzers.Graph;
using MultiLoss.Analyzers.Loops;
using MultiLoss.Analyzers.Torch;
using MultiLoss.Analyzers.Workload;

namespace MultiLoss.Benchmarks;

/// <summary>
/// The loop analyzers (MLA0001...) over a file of <see cref="Methods"/> training methods (<see cref="LoopFileWorkload"/>),
/// on one thread. <see cref="LoopAnalyzers"/> runs them as the compiler does, against <see cref="BindingAndOperations"/>,
/// an analyzer that asks for the same operation blocks and loops and does nothing with them: the compiler binding the
/// methods costs far more than the analysis, so the two differ by less than their noise on a shared machine.
/// <see cref="AnalysisOfBoundMethods"/> therefore runs the analyzers' own work — the graph interpreter, the host-read
/// check, the training-loop checks and the loop recognizer — on operation trees bound once in the setup: that, divided
/// by <see cref="Methods"/>, is what the analyzers cost per method.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("LoopAnalyzers")]
public class LoopAnalyzerBenchmarks
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> OperationsOnly = [new OperationsOnlyAnalyzer()];

    private CSharpCompilation compilation = null!;
    private TorchSymbols torch = null!;
    private IOperation[] bodies = [];
    private ILoopOperation[] loops = [];

    [Params(200)]
    public int Methods { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        compilation = LoopFileWorkload.Compilation(
            Methods,
            MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(LossAttribute).Assembly.Location));
        torch = TorchSymbols.Resolve(compilation)!;
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var methods = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Select(m => model.GetOperation(m)!).ToArray();
        // Every operation created once here (IOperation trees are built lazily), so that the benchmark measures the analysis.
        var all = methods.SelectMany(m => m.DescendantsAndSelf()).ToArray();
        bodies = methods.Concat(all.OfType<IAnonymousFunctionOperation>().Select(l => (IOperation)l.Body)).ToArray();
        loops = all.OfType<ILoopOperation>().ToArray();
    }

    [Benchmark(Baseline = true)]
    public int BindingAndOperations() => Analyze(OperationsOnly);

    [Benchmark]
    public int LoopAnalyzers() => Analyze(LoopFileWorkload.Analyzers);

    [Benchmark]
    public int AnalysisOfBoundMethods()
    {
        var found = 0;
        foreach (var body in bodies)
        {
            var graphs = GraphInterpreter.Run(torch, body);
            found += graphs.Conflicts.Count + graphs.HostReadsOfGraphs.Count(read => HostReadChoice.OnlyChoosesBackward(read, torch));
        }
        foreach (var loop in loops)
        {
            if (TrainingLoop.Find(loop, torch) is { ContainsTrainingLoop: false } training)
            {
                found += (training.ZeroesGradients ? 0 : 1) + (StepOrder.UnconditionalStepBeforeBackward(training, torch) is null ? 0 : 1);
            }
            found += LoopRecognizer.Recognize(loop, torch) is null ? 0 : 1;
        }
        return found;
    }

    private int Analyze(ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        return compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult().Length;
    }

    /// <summary>Registers what the loop analyzers register and does nothing: the cost every analyzer of operations pays.</summary>
    // The rules for shipped analyzers (target framework, release tracking, extended rules) do not apply to a baseline
    // that only this benchmark instantiates; no compiler ever loads it.
#pragma warning disable RS1041, RS1036, RS2008
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class OperationsOnlyAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Unused = new("BENCH0001", "Unused", "Unused", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Unused];

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterOperationBlockAction(_ => { });
            context.RegisterOperationAction(_ => { }, OperationKind.Loop);
        }
    }
#pragma warning restore RS1041, RS1036, RS2008
}
