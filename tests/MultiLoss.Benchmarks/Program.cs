using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Metrology;

namespace MultiLoss.Benchmarks;

/// <summary>
/// dotnet run -c Release --project tests/MultiLoss.Benchmarks -- [quick | alloc-probe] [BenchmarkDotNet options]
/// <list type="bullet">
/// <item><c>quick</c> (or <c>--quick</c>): one in-process job, 3 warm-up and 10 measured iterations (under 5 minutes for everything).</item>
/// <item>no mode: BenchmarkDotNet's default job (out of process, as many iterations as it needs).</item>
/// <item><c>alloc-probe [large]</c>: prints the managed bytes of a tensor, a scope, a Scalar and a no_grad guard, and
/// each step's bytes and tensors per step (small model, or the large one), measured without BenchmarkDotNet; then exits.</item>
/// <item><c>gramian-memory</c>: the peak resident memory of a Gramian aggregation's steps with the Jacobian and from the
/// layers, each in a process of its own (<see cref="GramianStep.MeasureMemory"/>); then exits.</item>
/// <item><c>paired [large] [rounds]</c>: hand and generated steps timed in alternating rounds (a cross-check of the
/// time ratios on a noisy machine; see <see cref="PairedTiming"/>); then exits.</item>
/// <item><c>paired-logging [rounds]</c>: the digits-like step without and with each logging sink, timed in alternating
/// rounds by the wall clock and by the thread's CPU time (see <see cref="LoggingPairedTiming"/>); then exits.</item>
/// </list>
/// Any BenchmarkDotNet option works after the mode, e.g. <c>--filter *Weighted* *Bare*</c>. Without a filter every benchmark runs.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var options = new List<string>(args);
        if (RemoveFlag(options, "alloc-probe"))
        {
            if (CheckOnly("alloc-probe", options)) return 0;
            AllocationProbe.Run(RemoveFlag(options, "large") ? ModelSize.Large : ModelSize.Small);
            return 0;
        }
        if (RemoveFlag(options, "gramian-memory"))
        {
            if (CheckOnly("gramian-memory", options)) return 0;
            GramianStep.MeasureMemory([.. options]);
            return 0;
        }
        if (RemoveFlag(options, "paired-logging"))
        {
            if (CheckOnly("paired-logging", options)) return 0;
            LoggingPairedTiming.Run(options.Count > 0 && int.TryParse(options[0], out var loggingRounds) ? loggingRounds : LoggingPairedTiming.DefaultRounds);
            return 0;
        }
        if (RemoveFlag(options, "paired"))
        {
            if (CheckOnly("paired", options)) return 0;
            var size = RemoveFlag(options, "large") ? ModelSize.Large : ModelSize.Small;
            PairedTiming.Run(size, options.Count > 0 && int.TryParse(options[0], out var rounds) ? rounds : 40);
            return 0;
        }
        var quick = RemoveFlag(options, "quick");
        if (CheckOnly(quick ? "quick" : "full", options)) return 0;
        if (!options.Any(o => o is "--filter" or "-f" or "--list" or "--allCategories" or "--anyCategories"))
        {
            options.Add("--filter");
            options.Add("*");
        }

        // Where each case's global cleanup records its steady-state bytes per step (out-of-process runs inherit it).
        var stepBytes = Path.Combine(Path.GetTempPath(), "multiloss-step-bytes-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(stepBytes);
        Environment.SetEnvironmentVariable(StepBytes.DirectoryVariable, stepBytes);

        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddColumn(new StepBytesColumn(), new GlueColumn())
            .WithSummaryStyle(SummaryStyle.Default.WithSizeUnit(SizeUnit.B))
            .WithOption(ConfigOptions.JoinSummary, true);
        if (quick) config.AddJob(QuickJob);

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(options.ToArray(), config).ToArray();
        Console.WriteLine();
        Console.WriteLine(Glue.Table(summaries));
        Directory.Delete(stepBytes, recursive: true);
        return summaries.Length > 0 && summaries.All(s => !s.HasCriticalValidationErrors && s.Reports.All(r => r.Success)) ? 0 : 1;
    }

    /// <summary>
    /// The quick mode's job: in process (no per-run project build), 1 launch, 3 warm-up and 10 measured iterations of
    /// at least 250 ms, one invocation per unroll (steps take milliseconds, unrolling buys nothing).
    /// </summary>
    public static Job QuickJob { get; } = Job.Default
        .WithId("Quick")
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithLaunchCount(1)
        .WithWarmupCount(3)
        .WithIterationCount(10)
        .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250))
        .WithUnrollFactor(1);

    /// <summary>
    /// MULTILOSS_CHECK_ONLY=1 (docs/writing-docs.md, "Commands"): the mode is read as usual, then one line says what
    /// would run, and nothing is measured.
    /// </summary>
    private static bool CheckOnly(string mode, List<string> options)
    {
        if (Environment.GetEnvironmentVariable("MULTILOSS_CHECK_ONLY") != "1") return false;
        Console.WriteLine($"options OK: {mode} {string.Join(' ', options)}".TrimEnd());
        return true;
    }

    private static bool RemoveFlag(List<string> options, string name) =>
        options.RemoveAll(o => o == name || o == "--" + name) > 0;
}
