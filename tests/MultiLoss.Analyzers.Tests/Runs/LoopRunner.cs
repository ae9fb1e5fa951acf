using System;
using System.IO;
using System.Linq;
using System.Reflection;
using MultiLoss.Analyzers.Tests.Infrastructure;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Analyzers.Tests.Runs;

/// <summary>
/// Compiles a <see cref="LoopSources.Method"/> file with the MultiLoss generator, loads it, and calls its
/// <c>Train(model, optimizer, x, y, steps)</c> on a small classifier built from a fixed seed, with a fixed batch.
/// </summary>
internal static class LoopRunner
{
    public const int Steps = 12;

    /// <summary>The model's parameters after training it with <paramref name="source"/>'s loop, each flattened.</summary>
    public static float[][] Train(string source, bool adam)
    {
        var assembly = Load(source);
        var train = assembly.GetType("Samples.Training")?.GetMethod("Train");
        Assert.That(train, Is.Not.Null, "Samples.Training.Train");

        using var scope = NewDisposeScope();
        manual_seed(7);
        using var model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4));
        manual_seed(8);
        var x = randn(32, 8);
        var y = randint(0, 4, [32], dtype: ScalarType.Int64);
        using optim.Optimizer optimizer = adam ? optim.Adam(model.parameters(), 0.01) : optim.SGD(model.parameters(), 0.5);
        train!.Invoke(null, [model, optimizer, x, y, Steps]);
        return model.parameters().Select(p => p.data<float>().ToArray()).ToArray();
    }

    /// <summary>The parameters the same model starts from.</summary>
    public static float[][] Initial()
    {
        manual_seed(7);
        using var model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4));
        return model.parameters().Select(p => p.data<float>().ToArray()).ToArray();
    }

    /// <summary>The largest difference between two sets of parameters.</summary>
    public static double MaxDifference(float[][] a, float[][] b)
    {
        Assert.That(a.Select(p => p.Length), Is.EqualTo(b.Select(p => p.Length)), "parameter shapes");
        return a.Zip(b).SelectMany(pair => pair.First.Zip(pair.Second, (u, v) => Math.Abs((double)u - v))).Max();
    }

    private static Assembly Load(string source)
    {
        var compilation = AnalyzerHarness.Compile(source).WithAssemblyName("Loop" + Guid.NewGuid().ToString("N"));
        Assert.That(AnalyzerHarness.Errors(compilation), Is.Empty, "the source compiles with its generated code");
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.That(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return Assembly.Load(image.ToArray());
    }
}
