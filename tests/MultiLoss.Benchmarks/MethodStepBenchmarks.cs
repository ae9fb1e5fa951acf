using System;
using BenchmarkDotNet.Attributes;

namespace MultiLoss.Benchmarks;

/// <summary>
/// One invocation = one generated train step of a trainer with a weighting or aggregation method, against the
/// generated weighted step (the baseline) on the same workload: what each method costs on top of a weighted step.
/// </summary>
[MemoryDiagnoser]
public class MethodStepBenchmarks
{
    private Workload work = null!;
    private WeightedTrainer weighted = null!;
    private UncertaintyMethodTrainer uncertainty = null!;
    private DwaMethodTrainer dwa = null!;
    private RlwMethodTrainer rlw = null!;
    private FamoMethodTrainer famo = null!;
    private GradNormMethodTrainer gradNorm = null!;
    private PCGradMethodTrainer pcGrad = null!;
    private GlsMethodTrainer gls = null!;
    private StchMethodTrainer stch = null!;
    private ImtlLMethodTrainer imtlL = null!;
    private LogLossMethodTrainer logLoss = null!;
    private ExcessMtlMethodTrainer excessMtl = null!;

    [Params(ModelSize.Small, ModelSize.Large)]
    public ModelSize Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Torch.UseOneThread();
        JitWarmUp.EnsureDone();
        work = new Workload(Size);
        weighted = new WeightedTrainer(work.Model, work.Optimizer);
        uncertainty = new UncertaintyMethodTrainer(work.Model, work.Optimizer);
        dwa = new DwaMethodTrainer(work.Model, work.Optimizer);
        rlw = new RlwMethodTrainer(work.Model, work.Optimizer);
        famo = new FamoMethodTrainer(work.Model, work.Optimizer);
        gradNorm = new GradNormMethodTrainer(work.Model, work.Optimizer);
        pcGrad = new PCGradMethodTrainer(work.Model, work.Optimizer);
        gls = new GlsMethodTrainer(work.Model, work.Optimizer);
        stch = new StchMethodTrainer(work.Model, work.Optimizer);
        imtlL = new ImtlLMethodTrainer(work.Model, work.Optimizer);
        logLoss = new LogLossMethodTrainer(work.Model, work.Optimizer);
        excessMtl = new ExcessMtlMethodTrainer(work.Model, work.Optimizer);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var trainer in new IDisposable[] { weighted, uncertainty, dwa, rlw, famo, gradNorm, pcGrad, gls, stch, imtlL, logLoss, excessMtl }) trainer.Dispose();
        work.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void Weighted()
    {
        var batch = work.Next();
        weighted.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void Uncertainty()
    {
        var batch = work.Next();
        uncertainty.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void DynamicWeightAverage()
    {
        var batch = work.Next();
        dwa.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void RandomLossWeighting()
    {
        var batch = work.Next();
        rlw.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void Famo()
    {
        var batch = work.Next();
        famo.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void GradNorm()
    {
        var batch = work.Next();
        gradNorm.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void PCGrad()
    {
        var batch = work.Next();
        pcGrad.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void GeometricLossStrategy()
    {
        var batch = work.Next();
        gls.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void SmoothTchebycheff()
    {
        var batch = work.Next();
        stch.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void ImpartialLossScaling()
    {
        var batch = work.Next();
        imtlL.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void ScaleInvariantLogLoss()
    {
        var batch = work.Next();
        logLoss.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void ExcessMtl()
    {
        var batch = work.Next();
        excessMtl.Step(batch.Input, batch.Target, batch.OneHot);
    }
}
