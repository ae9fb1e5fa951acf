using System;
using System.Globalization;

namespace MultiLoss.Benchmarks;

/// <summary>
/// The cross-check of <see cref="LoggingStepBenchmarks"/>' ratios that <see cref="PairedTiming"/> is for the train
/// steps: the digits-like step without a sink and with a sink, each on its own model, in alternating short rounds
/// (ABBA); the median of the per-pair ratios and their interquartile range, by the wall clock or by the thread's CPU
/// time. <c>-- paired-logging [rounds]</c> prints both for every sink; each sink's case in the quick mode logs the CPU
/// time's when it ends (<c>// Logging: ...</c> lines, which the recorded run keeps in <c>case-log.txt</c>).
/// </summary>
public static class LoggingPairedTiming
{
    public const int StepsPerRound = 20;
    public const int DefaultRounds = 200;

    /// <summary>
    /// Each case: its name, its setup and its step. The first has no sink on either side: how far apart two equal
    /// workloads measure, the noise the others are read against.
    /// </summary>
    public static readonly (string Name, Action<LoggingStepBenchmarks> Setup, Action<LoggingStepBenchmarks> Step)[] Sinks =
    [
        (nameof(LoggingStepBenchmarks.NoSink), b => b.Setup(), b => b.NoSink()),
        (nameof(LoggingStepBenchmarks.TensorBoardSink), b => b.SetupTensorBoard(), b => b.TensorBoardSink()),
        (nameof(LoggingStepBenchmarks.LoggerSink), b => b.SetupLogger(), b => b.LoggerSink()),
        (nameof(LoggingStepBenchmarks.SummaryWriterSink), b => b.SetupSummaryWriter(), b => b.SummaryWriterSink()),
    ];

    public static void Run(int rounds)
    {
        Torch.UseOneThread();
        Console.WriteLine($"Digits-like step: {rounds} round pairs of {StepsPerRound} steps each side, ABBA order; ratio = with the sink / without, per pair");
        Console.WriteLine("  sink              | clock      | without, median | with, median | ratio median | ratio IQR");
        foreach (var (name, setup, step) in Sinks)
        {
            foreach (var threadCpuTime in new[] { false, true })
            {
                var result = Measure(setup, step, rounds, threadCpuTime);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name,-17} | {(threadCpuTime ? "thread CPU" : "wall"),-10} | {result.BaselineMedian,12:F1} us | {result.CandidateMedian,9:F1} us | {result.RatioMedian,12:F3} | {result.RatioLowerQuartile:F3}–{result.RatioUpperQuartile:F3}"));
            }
        }
    }

    /// <summary>Fresh workloads without and with the sink <paramref name="setup"/> makes, timed in alternating rounds.</summary>
    public static PairedResult Measure(Action<LoggingStepBenchmarks> setup, Action<LoggingStepBenchmarks> step, int rounds, bool threadCpuTime)
    {
        var without = new LoggingStepBenchmarks();
        var with = new LoggingStepBenchmarks();
        without.Setup();
        setup(with);
        try
        {
            return PairedTiming.Alternate(without.NoSink, () => step(with), rounds, StepsPerRound, threadCpuTime);
        }
        finally
        {
            without.Cleanup();
            with.Cleanup();
        }
    }

    /// <summary>Measures one case by the thread's CPU time and prints it as a <c>// Logging: </c> line.</summary>
    public static void Log(string name)
    {
        var (_, setup, step) = Array.Find(Sinks, s => s.Name == name);
        var result = Measure(setup, step, DefaultRounds, threadCpuTime: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// Logging: {name}: thread CPU time with / without the sink, {DefaultRounds} round pairs of {StepsPerRound} steps (ABBA): median ratio {result.RatioMedian:F3}, IQR {result.RatioLowerQuartile:F3}–{result.RatioUpperQuartile:F3}; medians {result.BaselineMedian:F1} us without, {result.CandidateMedian:F1} us with"));
    }
}
