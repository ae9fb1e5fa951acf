using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using TorchSharp;

namespace MultiLoss.Benchmarks;

/// <summary>
/// One benchmark invocation = one train step. Per category the seed's hand loop is the baseline and the generated
/// step gets a ratio against it; the Bare category is the single-loss step that the glue column subtracts.
/// Every case builds its own model, Adam optimizer and batches (same seed, so the same start) in its global setup.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class TrainStepBenchmarks
{
    public const string BareCategory = "Bare";
    public const string WeightedCategory = "Weighted";
    public const string SeparateCategory = "Separate";
    public const string GatedCategory = "Gated";
    public const string PhaseOneCategory = "Phased-1-combined";
    public const string PhaseTwoCategory = "Phased-2-separate";

    /// <summary>Steps the gated setups take before measuring, so the gate is already alternating.</summary>
    private const int GateWarmUpSteps = 40;

    private Workload work = null!;
    private WeightedTrainer weighted = null!;
    private SeparateTrainer separate = null!;
    private GatedTrainer gated = null!;
    private PhasedTrainer phased = null!;
    private HandPhased handPhased = null!;
    private long steps;
    private long gateOpenings;

    /// <summary>The benchmark method that ran (a field write per step, no allocation), for the cleanup's measurement.</summary>
    private string? ran;

    [Params(ModelSize.Small, ModelSize.Large)]
    public ModelSize Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Torch.UseOneThread();
        JitWarmUp.EnsureDone();
        work = new Workload(Size);
        weighted = new WeightedTrainer(work.Model, work.Optimizer);
        separate = new SeparateTrainer(work.Model, work.Optimizer);
        gated = new GatedTrainer(work.Model, work.Optimizer);
        phased = new PhasedTrainer(work.Model, work.Optimizer);
        handPhased = new HandPhased();
        steps = 0;
        gateOpenings = 0;
    }

    [GlobalSetup(Target = nameof(GatedHand))]
    public void SetupGatedHand() => SetupGated(GatedHand);

    [GlobalSetup(Target = nameof(GatedGenerated))]
    public void SetupGatedGenerated() => SetupGated(GatedGenerated);

    [GlobalSetup(Targets = new[] { nameof(PhasedSeparateHand), nameof(PhasedSeparateGenerated) })]
    public void SetupPhaseTwo()
    {
        Setup();
        phased.Phase = 2;
        handPhased.EnterPhaseTwo();
    }

    [GlobalCleanup]
    public void Cleanup() => Cleanup(quiet: false);

    public void Cleanup(bool quiet)
    {
        if (steps > 0 && !quiet)
        {
            // Goes to the benchmark's log: shows the gate really opened part of the time in the measured steps.
            Console.WriteLine($"// {Size}: the gate opened in {gateOpenings} of {steps} steps after warm-up ({100.0 * gateOpenings / steps:F1}%)");
        }
        if (ran is not null && !quiet)
        {
            // More steps of the method that ran and of the bare step, measured on this thread alone (see StepBytes).
            var (name, _, step) = Array.Find(StepCases.All, c => c.Name == ran);
            StepBytes.MeasureAndRecord(name, Size, () => step(this), () => HandLoops.Bare(work.Model, work.Optimizer, work.Next()));
        }
        weighted.Dispose();
        separate.Dispose();
        gated.Dispose();
        phased.Dispose();
        work.Dispose();
    }

    /// <summary>Trains until the gate alternates (see <see cref="Workload"/>), then resets the gate counters.</summary>
    private void SetupGated(Action step)
    {
        Setup();
        for (var i = 0; i < GateWarmUpSteps; i++) step();
        var lastOpenings = gateOpenings;
        for (var i = 0; i < 10; i++) step();
        if (gateOpenings - lastOpenings != 5)
        {
            throw new InvalidOperationException(
                $"The gate opened {gateOpenings - lastOpenings} times in 10 steps after {GateWarmUpSteps} warm-up steps; the benchmark expects it to alternate.");
        }
        steps = 0;
        gateOpenings = 0;
    }

    [Benchmark(Baseline = true), BenchmarkCategory(BareCategory)]
    public void Bare()
    {
        ran = nameof(Bare);
        HandLoops.Bare(work.Model, work.Optimizer, work.Next());
    }

    [Benchmark(Baseline = true), BenchmarkCategory(WeightedCategory)]
    public void WeightedHand()
    {
        ran = nameof(WeightedHand);
        HandLoops.Weighted(work.Model, work.Optimizer, work.Next());
    }

    [Benchmark, BenchmarkCategory(WeightedCategory)]
    public void WeightedGenerated()
    {
        ran = nameof(WeightedGenerated);
        var batch = work.Next();
        weighted.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark(Baseline = true), BenchmarkCategory(SeparateCategory)]
    public void SeparateHand()
    {
        ran = nameof(SeparateHand);
        HandLoops.Separate(work.Model, work.Optimizer, work.Next());
    }

    [Benchmark, BenchmarkCategory(SeparateCategory)]
    public void SeparateGenerated()
    {
        ran = nameof(SeparateGenerated);
        var batch = work.Next();
        separate.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark(Baseline = true), BenchmarkCategory(GatedCategory)]
    public void GatedHand()
    {
        ran = nameof(GatedHand);
        steps++;
        if (HandLoops.Gated(work.Model, work.Optimizer, work.Next())) gateOpenings++;
    }

    [Benchmark, BenchmarkCategory(GatedCategory)]
    public void GatedGenerated()
    {
        ran = nameof(GatedGenerated);
        steps++;
        var batch = work.Next();
        if (gated.Step(batch.Input, batch.Target, batch.OneHot).RegressionGateOpen) gateOpenings++;
    }

    [Benchmark(Baseline = true), BenchmarkCategory(PhaseOneCategory)]
    public void PhasedCombinedHand()
    {
        ran = nameof(PhasedCombinedHand);
        handPhased.Step(work.Model, work.Optimizer, work.Next());
    }

    [Benchmark, BenchmarkCategory(PhaseOneCategory)]
    public void PhasedCombinedGenerated()
    {
        ran = nameof(PhasedCombinedGenerated);
        var batch = work.Next();
        phased.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark(Baseline = true), BenchmarkCategory(PhaseTwoCategory)]
    public void PhasedSeparateHand()
    {
        ran = nameof(PhasedSeparateHand);
        handPhased.Step(work.Model, work.Optimizer, work.Next());
    }

    [Benchmark, BenchmarkCategory(PhaseTwoCategory)]
    public void PhasedSeparateGenerated()
    {
        ran = nameof(PhasedSeparateGenerated);
        var batch = work.Next();
        phased.Step(batch.Input, batch.Target, batch.OneHot);
    }
}
