using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace SeedStrategies;

/// <summary>
/// The toy problem every strategy trains on: 256 points in 8 dimensions, 3 classes given by a random linear
/// "teacher", the target as one-hot rows. A small MLP outputs 3 values per point. The seed's two losses on that
/// output pull apart once the classes separate (cross-entropy wants wide logit margins, MSE wants logits of exactly
/// 0 and 1), so Regression may rise again late in a run while Classification keeps falling.
/// </summary>
public static class SyntheticTask
{
    public const int Steps = 40;
    public const int PrintEvery = 5;
    private const int Samples = 256, Features = 8, Hidden = 16, Classes = 3;

    /// <summary>The model, on <paramref name="device"/>, with the same initial weights on every run.</summary>
    public static nn.Module<Tensor, Tensor> CreateModel(Device device)
    {
        manual_seed(0);
        return nn.Sequential(nn.Linear(Features, Hidden), nn.ReLU(), nn.Linear(Hidden, Classes)).to(device);
    }

    /// <summary>The inputs and one-hot targets, created on the device the model lives on.</summary>
    public static Batch CreateData(nn.Module<Tensor, Tensor> model)
    {
        var device = model.parameters().First().device;
        using var scope = NewDisposeScope();
        var input = randn(Samples, Features, device: device);
        var teacher = randn(Features, Classes, device: device);
        var target = nn.functional.one_hot(input.matmul(teacher).argmax(1), Classes).to_type(ScalarType.Float32);
        return new Batch(input.MoveToOuterDisposeScope(), target.MoveToOuterDisposeScope());
    }

    /// <summary>Whether step <paramref name="stepNumber"/> (from 1) gets a line in the output.</summary>
    public static bool ShouldPrint(long stepNumber) => stepNumber == 1 || stepNumber % PrintEvery == 0;
}

/// <summary>One batch of training data; disposing it frees both tensors.</summary>
public sealed record Batch(Tensor Input, Tensor Target) : IDisposable
{
    public void Dispose()
    {
        Input.Dispose();
        Target.Dispose();
    }
}
