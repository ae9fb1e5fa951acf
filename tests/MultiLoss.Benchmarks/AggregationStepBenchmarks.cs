using System;
using BenchmarkDotNet.Attributes;

namespace MultiLoss.Benchmarks;

/// <summary>
/// One invocation = one generated train step of a trainer with a gradient-aggregation method, against the generated
/// weighted step (the baseline) on the same workload. <c>AtBody</c>: the per-loss gradients of the body's parameters
/// (one backward pass per loss through the whole model, then the head's from the total); <c>AtFeatures</c>: the
/// per-loss gradients of the body's output (representation mode: one backward pass per loss through the head only, then
/// one through everything).
/// </summary>
[MemoryDiagnoser]
public class AggregationStepBenchmarks
{
    private Workload work = null!;
    private WeightedTrainer weighted = null!;
    private MgdaAtBody mgdaAtBody = null!;
    private UpGradAtBody upGradAtBody = null!;
    private DualProjAtBody dualProjAtBody = null!;
    private CaGradAtBody caGradAtBody = null!;
    private ImtlGAtBody imtlGAtBody = null!;
    private NashMtlAtBody nashMtlAtBody = null!;
    private AlignedMtlAtBody alignedMtlAtBody = null!;
    private ConFigAtBody conFigAtBody = null!;
    private GradVacAtBody gradVacAtBody = null!;
    private MoCoAtBody moCoAtBody = null!;
    private DBMtlAtBody dbMtlAtBody = null!;
    private FairGradAtBody fairGradAtBody = null!;
    private PCGradAtBody pcGradAtBody = null!;
    private MgdaAtFeatures mgdaAtFeatures = null!;
    private UpGradAtFeatures upGradAtFeatures = null!;
    private DualProjAtFeatures dualProjAtFeatures = null!;
    private CaGradAtFeatures caGradAtFeatures = null!;
    private ImtlGAtFeatures imtlGAtFeatures = null!;
    private NashMtlAtFeatures nashMtlAtFeatures = null!;
    private AlignedMtlAtFeatures alignedMtlAtFeatures = null!;
    private ConFigAtFeatures conFigAtFeatures = null!;
    private GradVacAtFeatures gradVacAtFeatures = null!;
    private FairGradAtFeatures fairGradAtFeatures = null!;
    private PCGradAtFeatures pcGradAtFeatures = null!;
    private GradDropAtFeatures gradDropAtFeatures = null!;

    [Params(ModelSize.Small, ModelSize.Large)]
    public ModelSize Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Torch.UseOneThread();
        JitWarmUp.EnsureDone();
        work = new Workload(Size);
        weighted = new WeightedTrainer(work.Model, work.Optimizer);
        mgdaAtBody = new MgdaAtBody(work.Split, work.Optimizer);
        upGradAtBody = new UpGradAtBody(work.Split, work.Optimizer);
        dualProjAtBody = new DualProjAtBody(work.Split, work.Optimizer);
        caGradAtBody = new CaGradAtBody(work.Split, work.Optimizer);
        imtlGAtBody = new ImtlGAtBody(work.Split, work.Optimizer);
        nashMtlAtBody = new NashMtlAtBody(work.Split, work.Optimizer);
        alignedMtlAtBody = new AlignedMtlAtBody(work.Split, work.Optimizer);
        conFigAtBody = new ConFigAtBody(work.Split, work.Optimizer);
        gradVacAtBody = new GradVacAtBody(work.Split, work.Optimizer);
        moCoAtBody = new MoCoAtBody(work.Split, work.Optimizer);
        dbMtlAtBody = new DBMtlAtBody(work.Split, work.Optimizer);
        fairGradAtBody = new FairGradAtBody(work.Split, work.Optimizer);
        pcGradAtBody = new PCGradAtBody(work.Split, work.Optimizer);
        mgdaAtFeatures = new MgdaAtFeatures(work.Split, work.Optimizer);
        upGradAtFeatures = new UpGradAtFeatures(work.Split, work.Optimizer);
        dualProjAtFeatures = new DualProjAtFeatures(work.Split, work.Optimizer);
        caGradAtFeatures = new CaGradAtFeatures(work.Split, work.Optimizer);
        imtlGAtFeatures = new ImtlGAtFeatures(work.Split, work.Optimizer);
        nashMtlAtFeatures = new NashMtlAtFeatures(work.Split, work.Optimizer);
        alignedMtlAtFeatures = new AlignedMtlAtFeatures(work.Split, work.Optimizer);
        conFigAtFeatures = new ConFigAtFeatures(work.Split, work.Optimizer);
        gradVacAtFeatures = new GradVacAtFeatures(work.Split, work.Optimizer);
        fairGradAtFeatures = new FairGradAtFeatures(work.Split, work.Optimizer);
        pcGradAtFeatures = new PCGradAtFeatures(work.Split, work.Optimizer);
        gradDropAtFeatures = new GradDropAtFeatures(work.Split, work.Optimizer);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var trainer in new IDisposable[]
        {
            weighted, mgdaAtBody, upGradAtBody, dualProjAtBody, caGradAtBody, imtlGAtBody, nashMtlAtBody, alignedMtlAtBody, conFigAtBody, gradVacAtBody, moCoAtBody, dbMtlAtBody, fairGradAtBody, pcGradAtBody, mgdaAtFeatures, upGradAtFeatures, dualProjAtFeatures, caGradAtFeatures, imtlGAtFeatures, nashMtlAtFeatures, alignedMtlAtFeatures, conFigAtFeatures, gradVacAtFeatures, fairGradAtFeatures, pcGradAtFeatures, gradDropAtFeatures,
        })
        {
            trainer.Dispose();
        }
        work.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void Weighted()
    {
        var batch = work.Next();
        weighted.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void MgdaAtBody()
    {
        var batch = work.Next();
        mgdaAtBody.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void UpGradAtBody()
    {
        var batch = work.Next();
        upGradAtBody.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void DualProjAtBody()
    {
        var batch = work.Next();
        dualProjAtBody.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void CaGradAtBody()
    {
        var batch = work.Next();
        caGradAtBody.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void ImtlGAtBody()
    {
        var batch = work.Next();
        imtlGAtBody.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void NashMtlAtBody()
    {
        var batch = work.Next();
        nashMtlAtBody.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void AlignedMtlAtBody()
    {
        var batch = work.Next();
        alignedMtlAtBody.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void ConFigAtBody()
    {
        var batch = work.Next();
        conFigAtBody.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void GradVacAtBody()
    {
        var batch = work.Next();
        gradVacAtBody.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void MoCoAtBody()
    {
        var batch = work.Next();
        moCoAtBody.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void DBMtlAtBody()
    {
        var batch = work.Next();
        dbMtlAtBody.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void FairGradAtBody()
    {
        var batch = work.Next();
        fairGradAtBody.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void PCGradAtBody()
    {
        var batch = work.Next();
        pcGradAtBody.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void MgdaAtFeatures()
    {
        var batch = work.Next();
        mgdaAtFeatures.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void UpGradAtFeatures()
    {
        var batch = work.Next();
        upGradAtFeatures.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void DualProjAtFeatures()
    {
        var batch = work.Next();
        dualProjAtFeatures.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void CaGradAtFeatures()
    {
        var batch = work.Next();
        caGradAtFeatures.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void ImtlGAtFeatures()
    {
        var batch = work.Next();
        imtlGAtFeatures.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void NashMtlAtFeatures()
    {
        var batch = work.Next();
        nashMtlAtFeatures.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void AlignedMtlAtFeatures()
    {
        var batch = work.Next();
        alignedMtlAtFeatures.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void ConFigAtFeatures()
    {
        var batch = work.Next();
        conFigAtFeatures.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void GradVacAtFeatures()
    {
        var batch = work.Next();
        gradVacAtFeatures.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void FairGradAtFeatures()
    {
        var batch = work.Next();
        fairGradAtFeatures.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void PCGradAtFeatures()
    {
        var batch = work.Next();
        pcGradAtFeatures.Step(batch.Input, batch.Target, batch.OneHot);
    }

    [Benchmark]
    public void GradDropAtFeatures()
    {
        var batch = work.Next();
        gradDropAtFeatures.Step(batch.Input, batch.Target, batch.OneHot);
    }
}
