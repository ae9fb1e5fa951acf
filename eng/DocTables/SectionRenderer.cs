using System;
using System.IO;
using System.Linq;

namespace DocTables;

/// <summary>
/// What a generated section holds, by its directive <c>KIND ARGS</c>:
/// <list type="bullet">
/// <item><c>digits-results RUN</c>: each strategy's test accuracy, reconstruction MSE, wall time and (where the run measured
/// it) time per step relative to <c>weighted</c>'s;</item>
/// <item><c>digits-paired RUN BASELINE</c>: each strategy's difference from BASELINE, seed by seed;</item>
/// <item><c>digits-weights RUN</c>: the last-epoch mean weights of the strategies that report weights;</item>
/// <item><c>digits-train-losses RUN</c>: each strategy's training losses over the last epoch;</item>
/// <item><c>digits-gate RUN</c>: per seed, how many steps the gated strategy's gate was open and the first;</item>
/// <item><c>fashion-results RUN</c>: the MultiFashion baselines' accuracies, then each strategy's accuracies, Δm% and relative time per step;</item>
/// <item><c>fashion-paired RUN BASELINE</c>: each MultiFashion strategy's difference from BASELINE, seed by seed;</item>
/// <item><c>fashion-weights RUN</c>: the MultiFashion adaptive strategies' last-epoch mean weights and the gated one's open steps;</item>
/// <item><c>benchmark-steps RUN</c>: per category and model size, the hand and generated steps' time, their ratio and allocated bytes;</item>
/// <item><c>benchmark-glue RUN</c>: per category and model size, both steps' bytes per step, the bare step's, and their glue;</item>
/// <item><c>benchmark-cases RUN</c>: every case of a benchmark run as BenchmarkDotNet reported it (mean, standard deviation, ratio, allocated);</item>
/// <item><c>run-record RUN</c>: the command, commit, date, machine and duration of the run;</item>
/// <item><c>output-tail RUN N</c>: the last N lines the run printed;</item>
/// <item><c>toy-reach RUN</c>: the Pareto toy's end points per method and starting point, and which reached the Pareto set;</item>
/// <item><c>cuda-record RUN</c>, <c>cuda-equality RUN</c>, <c>cuda-timing RUN</c>, <c>cuda-eager RUN</c>, <c>cuda-digits RUN</c>,
/// <c>cuda-summary RUN</c>: a recorded CUDA measurement (<see cref="CudaTables"/>).</item>
/// </list>
/// RUN is a folder relative to the repository root (docs/runs/NAME). Values over several seeds are shown as
/// mean ± sample standard deviation.
/// </summary>
public static class SectionRenderer
{
    public static string Render(string directive, string docPath, string root)
    {
        var parts = directive.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var kind = parts[0];
        var arguments = parts[1..];
        RequireCount(directive, arguments, kind switch
        {
            "digits-paired" or "fashion-paired" or "output-tail" => 2,
            _ => 1,
        });
        var link = new RunLink(docPath, arguments[0]);
        return kind switch
        {
            "digits-results" => DigitsTables.Results(DigitsRun.Load(root, arguments[0]), link),
            "digits-paired" => DigitsTables.Paired(DigitsRun.Load(root, arguments[0]), arguments[1], link),
            "digits-weights" => DigitsTables.Weights(DigitsRun.Load(root, arguments[0]), link),
            "digits-train-losses" => DigitsTables.TrainingLosses(DigitsRun.Load(root, arguments[0]), link),
            "digits-gate" => DigitsTables.Gate(DigitsRun.Load(root, arguments[0]), link),
            "fashion-results" => FashionTables.Results(FashionRun.Load(root, arguments[0]), link),
            "fashion-paired" => FashionTables.Paired(FashionRun.Load(root, arguments[0]), arguments[1], link),
            "fashion-weights" => FashionTables.Weights(FashionRun.Load(root, arguments[0]), link),
            "benchmark-steps" => BenchmarkTables.Steps(BenchmarkRun.Load(root, arguments[0]), link),
            "benchmark-glue" => BenchmarkTables.Glue(BenchmarkRun.Load(root, arguments[0]), link),
            "benchmark-cases" => BenchmarkCasesTable.Render(root, arguments[0], link),
            "run-record" => RunRecordText.Render(RunRecord.Load(Path.Combine(root, arguments[0])), link),
            "toy-reach" => ToyTables.Reach(root, arguments[0], link),
            "output-tail" => OutputTail.Render(Path.Combine(root, arguments[0]), LineCount(directive, arguments[1])),
            "cuda-record" => CudaTables.Record(CudaRun.Load(root, arguments[0]), link),
            "cuda-equality" => CudaTables.Equality(CudaRun.Load(root, arguments[0]), link),
            "cuda-timing" => CudaTables.Timing(CudaRun.Load(root, arguments[0]), link),
            "cuda-eager" => CudaTables.Eager(CudaRun.Load(root, arguments[0]), link),
            "cuda-digits" => CudaTables.Digits(CudaRun.Load(root, arguments[0]), link),
            "cuda-summary" => CudaTables.Summary(CudaRun.Load(root, arguments[0]), link),
            _ => throw new DocTablesException($"{docPath}: unknown generated section '{kind}' in '{directive}'"),
        };
    }

    private static void RequireCount(string directive, string[] arguments, int count)
    {
        if (arguments.Length != count) throw new DocTablesException($"'{directive}' takes {count} argument(s), got {arguments.Length}");
    }

    private static int LineCount(string directive, string text) =>
        int.TryParse(text, out var count) && count > 0 ? count : throw new DocTablesException($"'{directive}': the line count must be a positive whole number");
}

/// <summary>A run folder as a Markdown link from the doc that shows it.</summary>
public sealed record RunLink(string DocPath, string RunFolder)
{
    public override string ToString()
    {
        var from = Path.GetDirectoryName(DocPath) ?? "";
        var target = Path.GetRelativePath(from.Length == 0 ? "." : from, RunFolder).Replace('\\', '/');
        return $"[`{RunFolder}`]({target})";
    }
}
