using System;
using System.Runtime.CompilerServices;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Benchmarks;

/// <summary>
/// The digits example's step without its data files: the same network (a 64 → 128 → 64 body feeding a 10-class head
/// and a 64-pixel sigmoid decoder), Adam at lr 1e-3, batches of 32 images with pixels in [0, 1], and its weighted
/// strategy's losses (1.0 · cross-entropy + 0.5 · reconstruction MSE). The steps go round a few fixed batches.
/// </summary>
public sealed class DigitsLikeWorkload : IDisposable
{
    public const int Pixels = 64;
    public const int Classes = 10;
    public const int BatchSize = 32;
    private const int BatchCount = 8;

    private readonly (Tensor Images, Tensor Labels)[] batches = new (Tensor, Tensor)[BatchCount];
    private int next;

    public DigitsLikeWorkload(int seed = 1)
    {
        torch.manual_seed(seed);
        Model = new DigitsLikeNet();
        Optimizer = optim.Adam(Model.parameters(), 1e-3);
        using var generator = new Generator((ulong)seed + 1000);
        for (var b = 0; b < BatchCount; b++)
        {
            batches[b] = (torch.rand(new long[] { BatchSize, Pixels }, generator: generator),
                torch.randint(0, Classes, new long[] { BatchSize }, generator: generator));
        }
        Trainer = new DigitsLikeTrainer(Model, Optimizer);
    }

    public DigitsLikeNet Model { get; }

    public optim.Optimizer Optimizer { get; }

    public DigitsLikeTrainer Trainer { get; }

    /// <summary>The next batch, round the fixed ones.</summary>
    public (Tensor Images, Tensor Labels) Next()
    {
        var batch = batches[next];
        next = (next + 1) % batches.Length;
        return batch;
    }

    public void Dispose()
    {
        Trainer.Dispose();
        Optimizer.Dispose();
        Model.Dispose();
        foreach (var (images, labels) in batches)
        {
            images.Dispose();
            labels.Dispose();
        }
    }
}

/// <summary>The digits example's network: a shared body, class logits and a reconstruction of the pixels.</summary>
public sealed class DigitsLikeNet : nn.Module<Tensor, (Tensor logits, Tensor reconstruction)>
{
    private readonly Sequential body;
    private readonly Linear classifier;
    private readonly Sequential decoder;

    public DigitsLikeNet() : base(nameof(DigitsLikeNet))
    {
        body = nn.Sequential(nn.Linear(DigitsLikeWorkload.Pixels, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU());
        classifier = nn.Linear(64, DigitsLikeWorkload.Classes);
        decoder = nn.Sequential(nn.Linear(64, DigitsLikeWorkload.Pixels), nn.Sigmoid());
        RegisterComponents();
    }

    public override (Tensor logits, Tensor reconstruction) forward(Tensor images)
    {
        var features = body.forward(images);
        return (classifier.forward(features), decoder.forward(features));
    }
}

/// <summary>The digits example's weighted strategy: one backward of 1.0 · classification + 0.5 · reconstruction.</summary>
[MultiLossTrainer]
public sealed partial class DigitsLikeTrainer(DigitsLikeNet net, optim.Optimizer optimizer)
{
    [Model] private readonly DigitsLikeNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor images, Tensor labels);

    [Forward]
    private (Tensor logits, Tensor reconstruction) Forward(Tensor images) => net.forward(images);

    [Loss(weight: 1.0)]
    private Tensor Classification(Tensor logits, Tensor labels) => nn.functional.cross_entropy(logits, labels);

    [Loss(weight: 0.5)]
    private Tensor Reconstruction(Tensor reconstruction, Tensor images) => nn.functional.mse_loss(reconstruction, images);
}
