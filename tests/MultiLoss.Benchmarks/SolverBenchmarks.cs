using System;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using MultiLoss.Methods;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Benchmarks;

/// <summary>How wide the benchmarked Jacobian is.</summary>
public enum GradientWidth
{
    /// <summary>The large model's body: 2,099,200 float32 elements per row. The Gramian and the combination dominate.</summary>
    LargeBody,

    /// <summary>64 elements per row: the Gramian and the combination cost next to nothing, so what is left is the solver.</summary>
    Tiny,
}

/// <summary>
/// One invocation = one aggregation of K per-loss gradients by a method's <c>Aggregate</c> alone: its Gramian, its
/// solver and its combination, without any backward pass. The baseline is one generated weighted step of the large
/// model, so the ratio column is the aggregation's share of a step; at <see cref="GradientWidth.Tiny"/> it is the
/// solver's share.
/// </summary>
/// <remarks>
/// The rows are seeded Gaussian noise plus ±½ of a common direction (odd rows against it), so that they conflict and
/// the solvers have work to do.
/// </remarks>
[MemoryDiagnoser]
public class SolverBenchmarks
{
    /// <summary>Parameters of the large model's body: two 1024×1024 layers with their biases.</summary>
    public const int GradientSize = 2 * (1024 * 1024 + 1024);

    private Workload work = null!;
    private WeightedTrainer weighted = null!;
    private Holder holder = null!;
    private optim.Optimizer holderOptimizer = null!;
    private Tensor jacobian = null!;
    private Tensor result = null!;
    private Tensor coefficients = null!;
    private readonly System.Collections.Generic.Dictionary<string, (GradientAggregationMethod Method, Action<Tensor, Tensor, Tensor> Aggregate)> methods = [];

    [Params(2, 8)]
    public int LossCount { get; set; }

    [Params(GradientWidth.LargeBody, GradientWidth.Tiny)]
    public GradientWidth Width { get; set; }

    private int Size => Width == GradientWidth.LargeBody ? GradientSize : 64;

    [GlobalSetup]
    public void Setup()
    {
        Torch.UseOneThread();
        JitWarmUp.EnsureDone();
        work = new Workload(ModelSize.Large);
        weighted = new WeightedTrainer(work.Model, work.Optimizer);
        holder = new Holder(Size);
        holderOptimizer = optim.SGD(holder.parameters(), 0.1);
        using (var generator = new Generator(7))
        using (torch.NewDisposeScope())
        {
            var common = torch.randn(Size, generator: generator);
            var signs = torch.tensor(EnumerateSigns(LossCount)).unsqueeze(1);
            jacobian = torch.randn(new long[] { LossCount, Size }, generator: generator).add(signs.mul(common.unsqueeze(0)).mul(0.5)).DetachFromDisposeScope();
        }
        result = torch.zeros(Size).DetachFromDisposeScope();
        coefficients = torch.zeros(LossCount, dtype: ScalarType.Float64).DetachFromDisposeScope();
        Add(nameof(Mgda), new Mgda());
        Add(nameof(UPGrad), new UPGrad());
        Add(nameof(DualProj), new DualProj());
        Add(nameof(CAGrad), new CAGrad());
        Add(nameof(ImtlG), new ImtlG());
        Add(nameof(NashMtl), new NashMtl());
        Add(nameof(AlignedMtl), new AlignedMtl());
        Add(nameof(ConFig), new ConFig());
        Add(nameof(GradVac), new GradVac());
        Add(nameof(MoCo), new MoCo());
        Add(nameof(DBMtl), new DBMtl());
        Add(nameof(FairGrad), new FairGrad());
        Add(nameof(PCGrad), new PCGrad());
    }

    private static float[] EnumerateSigns(int count)
    {
        var signs = new float[count];
        for (var i = 0; i < count; i++) signs[i] = i % 2 == 0 ? 1f : -1f;
        return signs;
    }

    private void Add(string name, GradientAggregationMethod method)
    {
        var names = new string[LossCount];
        var declared = new double[LossCount];
        for (var i = 0; i < LossCount; i++)
        {
            names[i] = "L" + i;
            declared[i] = 1.0;
        }
        method.Initialize(new MethodContext("Benchmarks." + name, holder, holderOptimizer, names, declared));
        var aggregate = typeof(GradientAggregationMethod).GetMethod("Aggregate", BindingFlags.Instance | BindingFlags.NonPublic)!;
        methods[name] = (method, aggregate.CreateDelegate<Action<Tensor, Tensor, Tensor>>(method));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var (method, _) in methods.Values) method.Dispose();
        jacobian.Dispose();
        result.Dispose();
        coefficients.Dispose();
        holderOptimizer.Dispose();
        holder.Dispose();
        weighted.Dispose();
        work.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void WeightedLargeStep()
    {
        var batch = work.Next();
        weighted.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark] public void Mgda() => Aggregate(nameof(Mgda));

    [Benchmark] public void UPGrad() => Aggregate(nameof(UPGrad));

    [Benchmark] public void DualProj() => Aggregate(nameof(DualProj));

    [Benchmark] public void CAGrad() => Aggregate(nameof(CAGrad));

    [Benchmark] public void ImtlG() => Aggregate(nameof(ImtlG));

    [Benchmark] public void NashMtl() => Aggregate(nameof(NashMtl));

    [Benchmark] public void AlignedMtl() => Aggregate(nameof(AlignedMtl));

    [Benchmark] public void ConFig() => Aggregate(nameof(ConFig));

    [Benchmark] public void GradVac() => Aggregate(nameof(GradVac));

    [Benchmark] public void MoCo() => Aggregate(nameof(MoCo));

    [Benchmark] public void DBMtl() => Aggregate(nameof(DBMtl));

    [Benchmark] public void FairGrad() => Aggregate(nameof(FairGrad));

    [Benchmark] public void PCGrad() => Aggregate(nameof(PCGrad));

    private void Aggregate(string name)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        methods[name].Aggregate(jacobian, result, coefficients);
    }

    /// <summary>A module with one float32 parameter of the Jacobian's width: what the methods are initialized for.</summary>
    private sealed class Holder : nn.Module
    {
        public Holder(int size) : base(nameof(SolverBenchmarks))
        {
            P = new Parameter(torch.zeros(size));
            P.DetachFromDisposeScope();
            register_parameter("p", P);
        }

        public Parameter P { get; }

        protected override void Dispose(bool disposing)
        {
            if (disposing) P.Dispose();
            base.Dispose(disposing);
        }
    }
}
