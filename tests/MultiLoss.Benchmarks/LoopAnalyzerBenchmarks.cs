using System.Collections.Immutable;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MultiLoss.Analyzers.Workload;

namespace MultiLoss.Benchmarks;

/// <summary>
/// The loop analyzers (MLA0001...) over a file of <see cref="Methods"/> training methods
/// (<see cref="LoopFileWorkload"/>), against the same analysis with an analyzer that asks the compiler for the same
/// operation blocks and loops and does nothing with them: the difference, divided by the methods, is what the loop
/// analyzers add per method. One invocation analyzes the whole file once, on one thread.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("LoopAnalyzers")]
public class LoopAnalyzerBenchmarks
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> OperationsOnly = [new OperationsOnlyAnalyzer()];

    private CSharpCompilation compilation = null!;

    [Params(200)]
    public int Methods { get; set; }

    [GlobalSetup]
    public void Setup()
        => compilation = LoopFileWorkload.Compilation(
            Methods,
            MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(LossAttribute).Assembly.Location));

    [Benchmark(Baseline = true)]
    public int BindingAndOperations() => Analyze(OperationsOnly);

    [Benchmark]
    public int LoopAnalyzers() => Analyze(LoopFileWorkload.Analyzers);

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
