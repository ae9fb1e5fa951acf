using System;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Benchmarks;

/// <summary>The two model sizes of the benchmarks.</summary>
public enum ModelSize
{
    /// <summary>MLP 64-128-10, batch 256: per-step overhead dominates.</summary>
    Small,

    /// <summary>MLP 1024-1024-1024-10, batch 512: the kernels dominate.</summary>
    Large,
}

/// <summary>The shapes of a model size.</summary>
public readonly record struct WorkloadShape(int[] Layers, int BatchSize)
{
    public const int Classes = 10;

    public int Features => Layers[0];

    public static WorkloadShape Of(ModelSize size) => size switch
    {
        ModelSize.Small => new WorkloadShape(new[] { 64, 128, Classes }, BatchSize: 256),
        ModelSize.Large => new WorkloadShape(new[] { 1024, 1024, 1024, Classes }, BatchSize: 512),
        _ => throw new ArgumentOutOfRangeException(nameof(size), size, null),
    };
}

/// <summary>
/// One model, its Adam optimizer and two fixed batches that the steps alternate between. Built the same way for
/// the hand loop and the generated trainer of a benchmark, so both train the same model on the same data.
/// </summary>
/// <remarks>
/// Batch A is random inputs with random labels: the model memorises it, so its cross-entropy falls well below
/// <see cref="Losses.GateThreshold"/> within a few steps and stays there (at the optimum of the one-hot MSE loss
/// alone it is about 1.46). Batch B has all-zero inputs, so the model's output is the same for every row and its
/// cross-entropy can never fall below the entropy of B's labels, which are balanced over the 10 classes (≈ 2.30).
/// A host-side gate on the cross-entropy with threshold 2.0 therefore opens on every A step and stays closed on
/// every B step: it alternates, and the gated benchmarks measure both branches half the time each.
/// </remarks>
public sealed class Workload : IDisposable
{
    public const double LearningRate = 1e-3;

    private readonly Batch[] batches;
    private int next;

    public Workload(ModelSize size, int seed = 1)
    {
        var shape = WorkloadShape.Of(size);
        torch.manual_seed(seed);
        Body = Mlp(shape.Layers[..^1]);
        Head = nn.Linear(shape.Layers[^2], shape.Layers[^1]);
        Model = nn.Sequential(("body", Body), ("relu", nn.ReLU()), ("head", Head));
        Optimizer = optim.Adam(Model.parameters(), LearningRate);

        using var generator = new Generator((ulong)seed + 1000);
        var randomInputs = torch.randn(new long[] { shape.BatchSize, shape.Features }, generator: generator);
        var randomLabels = torch.randint(0, WorkloadShape.Classes, new long[] { shape.BatchSize }, generator: generator);
        var zeroInputs = torch.zeros(shape.BatchSize, shape.Features);
        var balancedLabels = torch.arange(shape.BatchSize, dtype: ScalarType.Int64).remainder(WorkloadShape.Classes);
        batches = new[] { new Batch(randomInputs, randomLabels), new Batch(zeroInputs, balancedLabels) };
    }

    /// <summary>The MLP: <see cref="Body"/>, a ReLU, <see cref="Head"/>.</summary>
    public nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>Every layer but the last (its output, before the ReLU, is the representation the aggregation benchmarks use).</summary>
    public nn.Module<Tensor, Tensor> Body { get; }

    /// <summary>The last linear layer: the "head" both losses share.</summary>
    public nn.Module<Tensor, Tensor> Head { get; }

    /// <summary>The model and its two parts, for trainers that name the body's output.</summary>
    public Parts Split => new(Model, Body, Head);

    /// <summary>The model and its two parts.</summary>
    public readonly record struct Parts(nn.Module<Tensor, Tensor> Model, nn.Module<Tensor, Tensor> Body, nn.Module<Tensor, Tensor> Head);

    public optim.Optimizer Optimizer { get; }

    /// <summary>The next batch: A, B, A, B, ...</summary>
    public Batch Next()
    {
        var batch = batches[next];
        next ^= 1;
        return batch;
    }

    public void Dispose()
    {
        foreach (var batch in batches) batch.Dispose();
        Optimizer.Dispose();
        Model.Dispose();
    }

    private static nn.Module<Tensor, Tensor> Mlp(int[] layers)
    {
        var modules = new System.Collections.Generic.List<nn.Module<Tensor, Tensor>>();
        for (var i = 0; i + 1 < layers.Length; i++)
        {
            if (i > 0) modules.Add(nn.ReLU());
            modules.Add(nn.Linear(layers[i], layers[i + 1]));
        }
        return nn.Sequential(modules.ToArray());
    }
}

/// <summary>A batch: inputs, class labels, and the labels one-hot as the regression target.</summary>
public sealed class Batch : IDisposable
{
    public Batch(Tensor input, Tensor target)
    {
        Input = input.DetachFromDisposeScope();
        Target = target.DetachFromDisposeScope();
        OneHot = nn.functional.one_hot(target, WorkloadShape.Classes).to_type(ScalarType.Float32).DetachFromDisposeScope();
    }

    public Tensor Input { get; }

    public Tensor Target { get; }

    public Tensor OneHot { get; }

    public void Dispose()
    {
        Input.Dispose();
        Target.Dispose();
        OneHot.Dispose();
    }
}
