using System;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Benchmarks;

/// <summary>
/// <c>-- alloc-probe [small|large]</c>: deterministic managed-allocation numbers, single-threaded and without
/// BenchmarkDotNet. First the building blocks a step is made of (a dispose scope, a tensor, a Scalar from a
/// double, an autograd guard, an item read); then, for every benchmark step, the bytes and the tensors it creates
/// per step in steady state, so the benchmark's glue bytes can be read as "so many tensors".
/// </summary>
public static class AllocationProbe
{
    private const int Repeats = 20_000;

    public static void Run(ModelSize size)
    {
        Torch.UseOneThread();
        BuildingBlocks();
        Console.WriteLine();
        JitWarmUp.EnsureDone();
        Steps(size);
    }

    private static void BuildingBlocks()
    {
        using var x = torch.ones(10).DetachFromDisposeScope();
        using var y = torch.ones(10).DetachFromDisposeScope();
        using var cachedWeight = (Scalar)0.7;

        Console.WriteLine($"Managed bytes per operation (mean over {Repeats:N0} repeats after warm-up):");
        Report("one tensor, no scope: x.mul(cachedScalar).Dispose()", Measure(() => x.mul(cachedWeight).Dispose()));
        Report("one tensor, no scope: x.add(y).Dispose() (+ a Scalar for the implicit alpha = 1)", Measure(() => x.add(y).Dispose()));
        Report("(0.7 * x).Dispose(): a Scalar from a double + one tensor", Measure(() => (0.7 * x).Dispose()));
        Report("in place: x.add_(y, cachedScalar)", Measure(() => x.add_(y, cachedWeight)));
        Report("torch.no_grad() guard, disposed", Measure(() => { using var guard = torch.no_grad(); }));
        Report("x.sum().item<float>() (one tensor + the host read)", Measure(() => x.sum().item<float>()));
        Report("x.sum().ToScalar() disposed (one tensor + the host read)", Measure(() => { using var s = x.sum().ToScalar(); }));
        using var a = torch.randn(8, 10).DetachFromDisposeScope();
        using var onehot = torch.zeros(8, 10).DetachFromDisposeScope();
        using var labels = torch.zeros(8, dtype: ScalarType.Int64).DetachFromDisposeScope();
        Report("nn.functional.mse_loss(a, onehot).Dispose()", Measure(() => nn.functional.mse_loss(a, onehot).Dispose()));
        Report("nn.functional.cross_entropy(a, labels).Dispose()", Measure(() => nn.functional.cross_entropy(a, labels).Dispose()));
        var layout = new MultiLoss.ReportLayout(3, new MultiLoss.ReportValueName("A", MultiLoss.ReportValueKind.Loss),
            new MultiLoss.ReportValueName("B", MultiLoss.ReportValueKind.Loss), new MultiLoss.ReportValueName("Total", MultiLoss.ReportValueKind.Total));
        using (var values = new MultiLoss.Runtime.StepValues(layout))
        {
            using var loss = a.sum().DetachFromDisposeScope();
            Report("StepValues: BeginStep, Set x 3, Dispose (the generated step's recording)", Measure(() =>
            {
                using var record = values.BeginStep();
                record.Set(0, loss);
                record.Set(1, loss);
                record.Set(2, loss);
            }));
        }
        Console.WriteLine("A dispose scope holding k new tensors (x.mul(cachedScalar)), total bytes, and bytes per tensor beyond the empty scope:");
        var empty = Measure(() => { using var scope = NewDisposeScope(); });
        foreach (var k in new[] { 0, 1, 2, 3, 4, 7, 8, 16, 17, 18, 32, 37, 38, 64 })
        {
            var count = k;
            var bytes = Measure(() =>
            {
                using var scope = NewDisposeScope();
                for (var i = 0; i < count; i++) x.mul(cachedWeight);
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  k = {k,2}: {bytes,7:F0} B{(k > 0 ? $"  ({(bytes - empty) / k:F1} B per tensor)" : "")}"));
        }
    }

    private static void Steps(ModelSize size)
    {
        Console.WriteLine($"{size} model: managed bytes and tensors created per step, in steady state (rounds of steps until two in a row agree):");
        Console.WriteLine("  step                     |  B/step | tensors/step | glue B (vs Bare)");
        double? bareBytes = null;
        foreach (var (name, setup, step) in StepCases.All)
        {
            var benchmarks = new TrainStepBenchmarks { Size = size };
            setup(benchmarks);
            try
            {
                var (bytes, tensors) = StepBytes.SteadyState(() => step(benchmarks), size);
                bareBytes ??= bytes;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name,-24} | {bytes,7:F0} | {tensors,12:F1} | {bytes - bareBytes.Value,7:F0}"));
            }
            finally
            {
                benchmarks.Cleanup(quiet: true);
            }
        }
    }

    private static void Report(string what, double bytes) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {bytes,7:F1} B  {what}"));

    private static double Measure(Action action, int repeats = Repeats, int warmUp = 2_000)
    {
        for (var i = 0; i < warmUp; i++) action();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < repeats; i++) action();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)repeats;
    }
}
