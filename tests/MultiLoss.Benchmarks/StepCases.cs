using System;
using System.Diagnostics;
using System.Threading;

namespace MultiLoss.Benchmarks;

/// <summary>Every benchmark step with its global setup, for code that drives them without BenchmarkDotNet.</summary>
public static class StepCases
{
    public static readonly (string Name, Action<TrainStepBenchmarks> Setup, Action<TrainStepBenchmarks> Step)[] All =
    {
        (nameof(TrainStepBenchmarks.Bare), b => b.Setup(), b => b.Bare()),
        (nameof(TrainStepBenchmarks.WeightedHand), b => b.Setup(), b => b.WeightedHand()),
        (nameof(TrainStepBenchmarks.WeightedGenerated), b => b.Setup(), b => b.WeightedGenerated()),
        (nameof(TrainStepBenchmarks.SeparateHand), b => b.Setup(), b => b.SeparateHand()),
        (nameof(TrainStepBenchmarks.SeparateGenerated), b => b.Setup(), b => b.SeparateGenerated()),
        (nameof(TrainStepBenchmarks.GatedHand), b => b.SetupGatedHand(), b => b.GatedHand()),
        (nameof(TrainStepBenchmarks.GatedGenerated), b => b.SetupGatedGenerated(), b => b.GatedGenerated()),
        (nameof(TrainStepBenchmarks.PhasedCombinedHand), b => b.Setup(), b => b.PhasedCombinedHand()),
        (nameof(TrainStepBenchmarks.PhasedCombinedGenerated), b => b.Setup(), b => b.PhasedCombinedGenerated()),
        (nameof(TrainStepBenchmarks.PhasedSeparateHand), b => b.SetupPhaseTwo(), b => b.PhasedSeparateHand()),
        (nameof(TrainStepBenchmarks.PhasedSeparateGenerated), b => b.SetupPhaseTwo(), b => b.PhasedSeparateGenerated()),
    };
}

/// <summary>
/// Runs every step kind on the small model, round after round, until no step's allocated bytes change any more,
/// once per process (every global setup calls it first).
/// </summary>
/// <remarks>
/// The managed bytes of a step are not final until the JIT has recompiled the code it runs (TorchSharp's modules and
/// optimizer, the hand loops, the generated steps) with dynamic PGO: measured here, the bare step on the small model
/// allocates 7,616 B/step in tier-0 code and 7,512 B/step once PGO-driven devirtualisation lets .NET 10 keep some
/// objects on the stack, after about a second of steps (more on a busy machine). BenchmarkDotNet's warm-up runs too
/// few large-model steps to get there, and in the in-process quick mode the first case would pay for all others.
/// Tier-up is per method, not per tensor size, so the small model warms the large one's code too.
/// </remarks>
public static class JitWarmUp
{
    /// <summary>
    /// Short rounds, so that the profile the JIT collects for a method shared by several kinds (the phased step runs
    /// in phase 1 for one kind, phase 2 for another) sees all of them: optimized with a profile of one phase only,
    /// the other phase's half of the step allocated 64 B more per step (less of TorchSharp inlined there).
    /// </summary>
    private const int StepsPerRound = 4;
    private const int StableRoundsWanted = 3;
    private static readonly TimeSpan MinimumTime = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan MaximumTime = TimeSpan.FromSeconds(30);
    private static bool done;

    public static void EnsureDone()
    {
        if (done) return;
        done = true;
        var clock = Stopwatch.StartNew();
        var kinds = new (TrainStepBenchmarks Benchmarks, Action<TrainStepBenchmarks> Step)[StepCases.All.Length];
        for (var k = 0; k < kinds.Length; k++)
        {
            var benchmarks = new TrainStepBenchmarks { Size = ModelSize.Small };
            StepCases.All[k].Setup(benchmarks);
            kinds[k] = (benchmarks, StepCases.All[k].Step);
        }
        var previous = new long[kinds.Length];
        var stableRounds = 0;
        var rounds = 0;
        try
        {
            while (clock.Elapsed < MaximumTime && (stableRounds < StableRoundsWanted || clock.Elapsed < MinimumTime))
            {
                rounds++;
                var changed = false;
                for (var k = 0; k < kinds.Length; k++)
                {
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    for (var i = 0; i < StepsPerRound; i++) kinds[k].Step(kinds[k].Benchmarks);
                    var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
                    changed |= bytes != previous[k];
                    previous[k] = bytes;
                }
                stableRounds = changed ? 0 : stableRounds + 1;
            }
        }
        finally
        {
            foreach (var (benchmarks, _) in kinds) benchmarks.Cleanup(quiet: true);
        }
        var outcome = stableRounds >= StableRoundsWanted ? "allocations stable" : "allocations still changing, numbers may include JIT warm-up";
        Console.WriteLine($"// JIT warm-up: {rounds} rounds of every step kind on the small model in {clock.Elapsed.TotalSeconds:F1} s, {outcome}");
    }
}
