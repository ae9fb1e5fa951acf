using System;
using System.Globalization;

namespace MultiLoss.Benchmarks;

/// <summary>
/// <c>-- paired-logging [rounds]</c>: the cross-check of <see cref="LoggingStepBenchmarks"/>' ratios that
/// <see cref="PairedTiming"/> is for the train steps: the digits-like step without a sink and with each sink, each on
/// its own model, in alternating short rounds (ABBA); the median of the per-pair ratios and their interquartile range.
/// </summary>
public static class LoggingPairedTiming
{
    private const int StepsPerRound = 50;

    public static void Run(int rounds)
    {
        Torch.UseOneThread();
        Console.WriteLine($"Digits-like step: {rounds} round pairs of {StepsPerRound} steps each side, ABBA order; ratio = with the sink / without, per pair");
        Console.WriteLine("  sink              | without, median | with, median | ratio median | ratio IQR");
        var cases = new (string Name, Action<LoggingStepBenchmarks> Setup, Action<LoggingStepBenchmarks> Step)[]
        {
            (nameof(LoggingStepBenchmarks.TensorBoardSink), b => b.SetupTensorBoard(), b => b.TensorBoardSink()),
            (nameof(LoggingStepBenchmarks.LoggerSink), b => b.SetupLogger(), b => b.LoggerSink()),
            (nameof(LoggingStepBenchmarks.SummaryWriterSink), b => b.SetupSummaryWriter(), b => b.SummaryWriterSink()),
        };
        foreach (var (name, setup, step) in cases)
        {
            var without = new LoggingStepBenchmarks();
            var with = new LoggingStepBenchmarks();
            without.Setup();
            setup(with);
            try
            {
                var result = PairedTiming.Alternate(without.NoSink, () => step(with), rounds, StepsPerRound);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name,-17} | {result.BaselineMedian,12:F1} us | {result.CandidateMedian,9:F1} us | {result.RatioMedian,12:F3} | {result.RatioLowerQuartile:F3}–{result.RatioUpperQuartile:F3}"));
            }
            finally
            {
                without.Cleanup();
                with.Cleanup();
            }
        }
    }
}
