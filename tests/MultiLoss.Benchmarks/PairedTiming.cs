using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace MultiLoss.Benchmarks;

/// <summary>
/// <c>-- paired [large] [rounds]</c>: a cross-check of BenchmarkDotNet's time ratios that is robust to a machine whose
/// load changes over minutes. For each strategy, the hand loop and the generated step (each on its own model) run in
/// alternating short rounds (ABBA order), and the ratio of each round pair's times is taken; the median of those
/// ratios is printed with its interquartile range. Slow drifts in machine load hit both sides of a pair alike.
/// </summary>
public static class PairedTiming
{
    public static void Run(ModelSize size, int rounds)
    {
        Torch.UseOneThread();
        JitWarmUp.EnsureDone();
        var stepsPerRound = size == ModelSize.Small ? 40 : 2;
        Console.WriteLine($"{size} model: {rounds} round pairs of {stepsPerRound} steps each side, ABBA order; ratio = generated / hand per pair");
        Console.WriteLine("  strategy          | hand median | generated median | ratio median | ratio IQR");
        foreach (var strategy in new[] { "Weighted", "Separate", "Gated", "PhasedCombined", "PhasedSeparate" })
        {
            var hand = StepCases.All.Single(c => c.Name == strategy + "Hand");
            var generated = StepCases.All.Single(c => c.Name == strategy + "Generated");
            var handBenchmarks = new TrainStepBenchmarks { Size = size };
            var generatedBenchmarks = new TrainStepBenchmarks { Size = size };
            hand.Setup(handBenchmarks);
            generated.Setup(generatedBenchmarks);
            try
            {
                var result = Alternate(() => hand.Step(handBenchmarks), () => generated.Step(generatedBenchmarks), rounds, stepsPerRound);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {strategy,-17} | {result.BaselineMedian,8:F1} us | {result.CandidateMedian,13:F1} us | {result.RatioMedian,12:F3} | {result.RatioLowerQuartile:F3}–{result.RatioUpperQuartile:F3}"));
            }
            finally
            {
                handBenchmarks.Cleanup(quiet: true);
                generatedBenchmarks.Cleanup(quiet: true);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="baseline"/> and <paramref name="candidate"/> in <paramref name="rounds"/> alternating rounds
    /// of <paramref name="stepsPerRound"/> steps each (ABBA order), after two rounds' worth of steps each to warm up;
    /// the ratio of each round pair is candidate / baseline. With <paramref name="threadCpuTime"/> a round is timed by
    /// the CPU time of this thread (<see cref="ThreadCpuClock"/>) instead of the wall clock.
    /// </summary>
    public static PairedResult Alternate(Action baseline, Action candidate, int rounds, int stepsPerRound, bool threadCpuTime = false)
    {
        Func<Action, int, double> time = threadCpuTime ? ThreadCpuTime : Time;
        // A few steps each first: Adam's state, caches, the gate's warm-up is in the setup.
        for (var i = 0; i < 2 * stepsPerRound; i++) { baseline(); candidate(); }
        var baselineTimes = new double[rounds];
        var candidateTimes = new double[rounds];
        var ratios = new double[rounds];
        for (var r = 0; r < rounds; r++)
        {
            if (r % 2 == 0)
            {
                baselineTimes[r] = time(baseline, stepsPerRound);
                candidateTimes[r] = time(candidate, stepsPerRound);
            }
            else
            {
                candidateTimes[r] = time(candidate, stepsPerRound);
                baselineTimes[r] = time(baseline, stepsPerRound);
            }
            ratios[r] = candidateTimes[r] / baselineTimes[r];
        }
        Array.Sort(ratios);
        return new PairedResult(Median(baselineTimes), Median(candidateTimes), ratios[rounds / 2], ratios[rounds / 4], ratios[3 * rounds / 4]);
    }

    /// <summary>Microseconds per step over <paramref name="steps"/> steps.</summary>
    private static double Time(Action step, int steps)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++) step();
        return clock.Elapsed.TotalMilliseconds * 1000.0 / steps;
    }

    /// <summary>Microseconds of this thread's CPU time per step over <paramref name="steps"/> steps.</summary>
    private static double ThreadCpuTime(Action step, int steps)
    {
        var start = ThreadCpuClock.Microseconds();
        for (var i = 0; i < steps; i++) step();
        return (ThreadCpuClock.Microseconds() - start) / steps;
    }

    private static double Median(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[sorted.Length / 2];
    }
}

/// <summary>
/// What <see cref="PairedTiming.Alternate"/> measured: each side's median microseconds per step, and the median and
/// quartiles of the per-round-pair ratios (candidate / baseline).
/// </summary>
public readonly record struct PairedResult(
    double BaselineMedian, double CandidateMedian, double RatioMedian, double RatioLowerQuartile, double RatioUpperQuartile);
