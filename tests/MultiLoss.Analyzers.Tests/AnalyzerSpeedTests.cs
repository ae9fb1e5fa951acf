using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MultiLoss.Analyzers.Workload;
using NUnit.Framework;

namespace MultiLoss.Analyzers.Tests;

/// <summary>
/// A sanity bound on the analyzers' cost over a large file of training methods, as the compiler measures it per
/// analyzer (time inside their callbacks, binding the method bodies included). The bound is generous — a shared,
/// loaded 2-core machine must not make it flaky — and several times what this measures there (about 1.3 ms per
/// method); it catches a change that makes the analysis quadratic or worse, not a small slowdown. The benchmark
/// (LoopAnalyzerBenchmarks in tests/MultiLoss.Benchmarks) measures the analyzers' own cost.
/// </summary>
public sealed class AnalyzerSpeedTests
{
    private const int Methods = 400;
    private const double BoundPerMethodMilliseconds = 10;

    [Test]
    public async Task The_analyzers_find_what_the_workload_holds_well_within_the_bound()
    {
        var compilation = LoopFileWorkload.Compilation(Methods,
            MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(MultiLoss.LossAttribute).Assembly.Location));
        Assert.That(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty, "the workload compiles");

        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true);
        var withAnalyzers = compilation.WithAnalyzers(LoopFileWorkload.Analyzers, options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        var time = TimeSpan.Zero;
        foreach (var analyzer in LoopFileWorkload.Analyzers)
        {
            var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
            TestContext.Out.WriteLine($"{analyzer.GetType().Name}: {telemetry.ExecutionTime.TotalMilliseconds:F1} ms");
            time += telemetry.ExecutionTime;
        }
        TestContext.Out.WriteLine($"{time.TotalMilliseconds / Methods:F3} ms per method");

        var counts = diagnostics.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (id, count) in counts.OrderBy(c => c.Key)) TestContext.Out.WriteLine($"{id}: {count}");
        Assert.That(counts, Is.EqualTo(new[] { "MLA0001", "MLA0002", "MLA0004", "MLA0005" }
            .ToDictionary(id => id, id => LoopFileWorkload.ExpectedReports(Methods, id))), "what the analyzers found");
        Assert.That(time.TotalMilliseconds / Methods, Is.LessThan(BoundPerMethodMilliseconds), "milliseconds per method");
    }
}
