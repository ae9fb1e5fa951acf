using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using MultiLoss;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// Over 10,000 steps of the generated weighted step the live tensor count does not grow, and the managed
/// bytes the step allocates beyond a bare single-loss step of the same model (its "glue") stay under a fixed bound.
/// The model is the benchmarks' small MLP (64-128-10); the batch is small and the optimizer SGD to keep it quick.
/// </summary>
[TestFixture]
public sealed class LongRunTests
{
    private const int Steps = 10_000;
    private const int Features = 64;
    private const int Hidden = 128;
    private const int Classes = 10;
    private const int BatchSize = 32;

    /// <summary>The glue is measured over the last steps, in rounds interleaved with rounds of the bare step.</summary>
    private const int MeasuredRounds = 4;
    private const int StepsPerRound = 500;

    /// <summary>Bare steps run first, so the JIT has optimised the code both loops share before anything is measured.</summary>
    private const int BareWarmUpSteps = 1_000;

    // The bound, from TorchSharp 0.107's managed objects (measured with
    // `dotnet run -c Release --project tests/MultiLoss.Benchmarks -- alloc-probe`, see docs/benchmarks.md):
    //  - a torch.Tensor object is 48 B; the generated weighted step creates two tensors the bare step does not:
    //    the second loss (mse_loss, counted as glue, as in docs/benchmarks.md) and the weighted total
    //    (Classification.mul(cached weight); the second term is added in place and allocates nothing);
    //  - recording the reported values opens one torch.no_grad() guard: 24 B;
    //  - the step's dispose scope keeps its tensors in a HashSet that grows through capacities 3, 7, 17, 37, ...;
    //    the bare step holds 6 tensors at its peak (4 gradient wrappers from zero_grad, the output, the loss), so
    //    the two extra tensors make it grow once more, from 7 to 17: int[17] (96 B) + Entry[17] (296 B) = 392 B.
    // Weights are cached Scalars (no allocation), and nothing is read back to the host.
    private const int TensorBytes = 48;
    private const int GradGuardBytes = 24;
    private const int ScopeGrowthBytes = 392;
    private const int GlueBoundBytes = 2 * TensorBytes + GradGuardBytes + ScopeGrowthBytes; // 512 B per step

    [Test]
    public void Weighted_step_over_10000_steps_keeps_live_tensors_and_glue_bytes_bounded()
    {
        var clock = Stopwatch.StartNew();
        using var data = new LongRunData(seed: 61);
        using var model = Mlp(seed: 62);
        using var optimizer = optim.SGD(model.parameters(), 0.01);
        using var trainer = new LongRunWeightedTrainer(model, optimizer);

        for (var i = 0; i < BareWarmUpSteps; i++) BareStep(model, optimizer, data, i);

        var step = 0;
        GeneratedStep(trainer, data, step++);
        var liveAfterFirstStep = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var measuredFrom = Steps - MeasuredRounds * StepsPerRound;
        while (step < measuredFrom) GeneratedStep(trainer, data, step++);

        var bareBytes = long.MaxValue;
        var generatedBytes = long.MaxValue;
        for (var round = 0; round < MeasuredRounds; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < StepsPerRound; i++) BareStep(model, optimizer, data, i);
            bareBytes = Math.Min(bareBytes, GC.GetAllocatedBytesForCurrentThread() - before);

            before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < StepsPerRound; i++) GeneratedStep(trainer, data, step++);
            generatedBytes = Math.Min(generatedBytes, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        var liveAfterLastStep = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var barePerStep = bareBytes / (double)StepsPerRound;
        var generatedPerStep = generatedBytes / (double)StepsPerRound;
        var gluePerStep = generatedPerStep - barePerStep;
        TestContext.Out.WriteLine(
            $"{step} generated steps in {clock.Elapsed.TotalSeconds:F1} s (with {BareWarmUpSteps + MeasuredRounds * StepsPerRound} bare steps); " +
            $"live tensors after step 1: {liveAfterFirstStep}, after step {step}: {liveAfterLastStep}; " +
            $"bytes/step (least of {MeasuredRounds} rounds of {StepsPerRound}): bare {barePerStep:F1}, generated {generatedPerStep:F1}, " +
            $"glue {gluePerStep:F1} (bound {GlueBoundBytes})");

        Assert.Multiple(() =>
        {
            Assert.That(step, Is.EqualTo(Steps));
            Assert.That(trainer.StepsTaken, Is.EqualTo(Steps));
            Assert.That(liveAfterLastStep, Is.EqualTo(liveAfterFirstStep), "live tensors after the last step vs after the first");
            Assert.That(barePerStep, Is.GreaterThan(0), "the bare step's allocation was measured");
            Assert.That(gluePerStep, Is.LessThanOrEqualTo(GlueBoundBytes), "generated glue bytes per step");
        });
    }

    private static void GeneratedStep(LongRunWeightedTrainer trainer, LongRunData data, int step)
    {
        var (input, target, onehot) = data.Batch(step);
        trainer.Step(input, target, onehot);
    }

    /// <summary>The baseline: zero_grad, forward, one loss, backward, optimizer step, in a dispose scope.</summary>
    /// <remarks>
    /// Not inlined, like the trainer's step: how much of TorchSharp the JIT inlines (and so keeps on the stack) depends
    /// on the method a step is compiled into, which would otherwise make the two loops differ by tens of bytes.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void BareStep(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, LongRunData data, int step)
    {
        var (input, target, _) = data.Batch(step);
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var output = model.forward(input);
        var loss = nn.functional.cross_entropy(output, target);
        loss.backward();
        optimizer.step();
    }

    private static nn.Module<Tensor, Tensor> Mlp(int seed)
    {
        torch.manual_seed(seed);
        return nn.Sequential(nn.Linear(Features, Hidden), nn.ReLU(), nn.Linear(Hidden, Classes));
    }

    /// <summary>A few fixed batches: inputs, labels and the labels one-hot (the regression target).</summary>
    private sealed class LongRunData : IDisposable
    {
        private readonly Tensor[] inputs = new Tensor[4];
        private readonly Tensor[] targets = new Tensor[4];
        private readonly Tensor[] onehots = new Tensor[4];

        public LongRunData(int seed)
        {
            using var generator = new Generator((ulong)seed);
            for (var i = 0; i < inputs.Length; i++)
            {
                inputs[i] = torch.randn(new long[] { BatchSize, Features }, generator: generator);
                targets[i] = torch.randint(0, Classes, new long[] { BatchSize }, generator: generator);
                using var classes = nn.functional.one_hot(targets[i], Classes);
                onehots[i] = classes.to_type(ScalarType.Float32);
            }
        }

        public (Tensor Input, Tensor Target, Tensor OneHot) Batch(int step)
        {
            var i = step % inputs.Length;
            return (inputs[i], targets[i], onehots[i]);
        }

        public void Dispose()
        {
            foreach (var tensor in inputs) tensor.Dispose();
            foreach (var tensor in targets) tensor.Dispose();
            foreach (var tensor in onehots) tensor.Dispose();
        }
    }
}

/// <summary>The benchmarks' weighted trainer: 0.7 · cross-entropy + 0.3 · MSE against the one-hot labels.</summary>
[MultiLossTrainer]
public partial class LongRunWeightedTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    // NoInlining applies to the generated implementation too (see BareStep).
    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Loss(weight: 0.7)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.3)]
    private Tensor Regression(Tensor output, Tensor onehot) => nn.functional.mse_loss(output, onehot);
}
