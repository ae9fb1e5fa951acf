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
                // A few steps each first: Adam's state, caches, the gate's warm-up is in the setup.
                for (var i = 0; i < 2 * stepsPerRound; i++) { hand.Step(handBenchmarks); generated.Step(generatedBenchmarks); }
                var handTimes = new double[rounds];
                var generatedTimes = new double[rounds];
                var ratios = new double[rounds];
                for (var r = 0; r < rounds; r++)
                {
                    if (r % 2 == 0)
                    {
                        handTimes[r] = Time(() => hand.Step(handBenchmarks), stepsPerRound);
                        generatedTimes[r] = Time(() => generated.Step(generatedBenchmarks), stepsPerRound);
                    }
                    else
                    {
                        generatedTimes[r] = Time(() => generated.Step(generatedBenchmarks), stepsPerRound);
                        handTimes[r] = Time(() => hand.Step(handBenchmarks), stepsPerRound);
                    }
                    ratios[r] = generatedTimes[r] / handTimes[r];
                }
                Array.Sort(ratios);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {strategy,-17} | {Median(handTimes),8:F1} us | {Median(generatedTimes),13:F1} us | {ratios[rounds / 2],12:F3} | {ratios[rounds / 4]:F3}–{ratios[3 * rounds / 4]:F3}"));
            }
            finally
            {
                handBenchmarks.Cleanup(quiet: true);
                generatedBenchmarks.Cleanup(quiet: true);
            }
        }
    }

    /// <summary>Microseconds per step over <paramref name="steps"/> steps.</summary>
    private static double Time(Action step, int steps)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++) step();
        return clock.Elapsed.TotalMilliseconds * 1000.0 / steps;
    }

    private static double Median(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[sorted.Length / 2];
    }
}
