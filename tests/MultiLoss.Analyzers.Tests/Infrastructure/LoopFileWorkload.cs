using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MultiLoss.Analyzers.Workload;

/// <summary>
/// A large file of training methods for timing the loop analyzers: each method a hand-written loop in one of the
/// seed's strategies (with a nested loop, a lambda and branches), every fourth one with a pitfall to report. Shared by
/// the analyzer tests' speed check and the BenchmarkDotNet case (linked into tests/MultiLoss.Benchmarks).
/// </summary>
public static class LoopFileWorkload
{
    private static readonly string[] Bodies =
    [
        """
                for (var epoch = 0; epoch < 2; epoch++)
                {
                    for (var i = 0; i < steps; i++)
                    {
                        optimizer.zero_grad();
                        var output = model.forward(x);
                        var l1 = nn.functional.cross_entropy(output, y);
                        var l2 = output.pow(2).mean();
                        var total = 0.7 * l1 + 0.3 * l2;
                        total.backward();
                        optimizer.step();
                    }
                }
        """,
        """
                foreach (var (input, target) in new[] { (x, y), (x * 2, y) })
                {
                    using var scope = NewDisposeScope();
                    optimizer.zero_grad();
                    var output = model.forward(input);
                    (0.7 * nn.functional.cross_entropy(output, target)).backward(retain_graph: true);
                    (0.3 * output.abs().mean()).backward();
                    optimizer.step();
                }
        """,
        """
                Func<Tensor, Tensor> regularizer = t => t.pow(2).mean();
                for (var i = 0; i < steps; i++)
                {
                    optimizer.zero_grad();
                    var output = model.forward(x);
                    var l1 = nn.functional.cross_entropy(output, y);
                    if (l1.item<float>() < 0.3) regularizer(output).backward();
                    else l1.backward();
                    optimizer.step();
                    if (i % 10 == 0) Console.WriteLine(i);
                }
        """,
        """
                var output = model.forward(x);
                for (var step = 0; step < steps; step++)
                {
                    var l1 = nn.functional.cross_entropy(output, y);
                    l1.backward();
                    l1.backward();
                    optimizer.step();
                }
        """,
    ];

    public static string Source(int methods)
    {
        var text = new StringBuilder("""
            using System;
            using TorchSharp;
            using static TorchSharp.torch;

            namespace Workload;

            public static class Loops
            {

            """);
        for (var i = 0; i < methods; i++)
        {
            text.Append("    public static void Train").Append(i)
                .Append("(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x, Tensor y, int steps)\n    {\n")
                .Append(Bodies[i % Bodies.Length]).Append("\n    }\n\n");
        }
        return text.Append("}\n").ToString();
    }

    /// <summary>The workload compiled against .NET 10, TorchSharp and the MultiLoss runtime (which MLA0005 needs).</summary>
    public static CSharpCompilation Compilation(int methods, MetadataReference torchSharp, MetadataReference multiLoss)
        => CSharpCompilation.Create(
            "LoopWorkload",
            [CSharpSyntaxTree.ParseText(Source(methods), new CSharpParseOptions(LanguageVersion.Latest), "Loops.cs")],
            [.. Net100.References.All, torchSharp, multiLoss],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
                .WithSpecificDiagnosticOptions([new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));

    /// <summary>Every loop analyzer of the MultiLoss package.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } =
        [new AutogradGraphAnalyzer(), new TrainingLoopAnalyzer(), new ConvertToTrainerAnalyzer()];

    /// <summary>
    /// The reports the workload must get. One method in four reuses a graph built before its loop: both of its
    /// backwards free what the other (or the next iteration) needs, and it never zeroes the gradients. One in four
    /// gates on a host read; the gate calls a lambda, so it is not one the conversion takes.
    /// </summary>
    public static int ExpectedReports(int methods, string id)
    {
        var pitfalls = Enumerable.Range(0, methods).Count(i => i % Bodies.Length == 3);
        var gates = Enumerable.Range(0, methods).Count(i => i % Bodies.Length == 2);
        return id switch
        {
            "MLA0001" => 2 * pitfalls,
            "MLA0002" => pitfalls,
            "MLA0004" => gates,
            "MLA0005" => methods - pitfalls - gates,
            _ => 0,
        };
    }
}
