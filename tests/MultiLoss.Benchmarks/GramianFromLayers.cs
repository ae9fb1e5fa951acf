using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using MultiLoss.Runtime;
using MultiLoss.Methods;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Benchmarks;

/// <summary>
/// One UPGrad step (per-loss gradients, the Gramian, the weights, the optimizer step) on a body of two 1024×1024 linear
/// layers (2.1 M shared parameters, three losses: a 25 MB float32 Jacobian) at batch 64: the Gramian from the Jacobian
/// against the Gramian from the layers (<see cref="GramianAggregationMethod.LayerGramianFromBytes"/>).
/// </summary>
[MemoryDiagnoser]
public class GramianFromLayersBenchmarks
{
    private GramianStep step = null!;

    /// <summary>Where the Gramian comes from.</summary>
    [Params(GramianSource.Jacobian, GramianSource.Layers)]
    public GramianSource Source { get; set; }

    [GlobalSetup]
    public void Setup() => step = new GramianStep(Source);

    [Benchmark]
    public void UPGradStep() => step.Run();

    [GlobalCleanup]
    public void Cleanup() => step.Dispose();
}

/// <summary>Where a Gramian aggregation's Gramian comes from.</summary>
public enum GramianSource
{
    /// <summary>G = J·Jᵀ of the K×N Jacobian kept by the engine.</summary>
    Jacobian,

    /// <summary>G from the layers' inputs and the losses' gradients at their outputs.</summary>
    Layers,
}

/// <summary>The workload of <see cref="GramianFromLayersBenchmarks"/> and of the <c>gramian-memory</c> mode.</summary>
public sealed class GramianStep : IDisposable
{
    private const int Width = 1024;
    private const int Batch = 64;
    private readonly Sequential body;
    private readonly Linear[] heads;
    private readonly Sequential model;
    private readonly optim.Optimizer optimizer;
    private readonly MethodContext context;
    private readonly UPGrad method = new();
    private readonly Tensor input;
    private readonly Tensor[] targets;

    public GramianStep(GramianSource source)
    {
        torch.manual_seed(7);
        body = nn.Sequential(("fc1", nn.Linear(Width, Width)), ("relu1", nn.ReLU()), ("fc2", nn.Linear(Width, Width)), ("relu2", nn.ReLU()));
        heads = [nn.Linear(Width, 10), nn.Linear(Width, 10), nn.Linear(Width, 10)];
        // A container of every parameter, for the optimizer and the context; the step calls the body and the heads itself.
        model = nn.Sequential(("body", body), ("head0", heads[0]), ("head1", heads[1]), ("head2", heads[2]));
        optimizer = torch.optim.SGD(model.parameters(), 0.01);
        var previous = GramianAggregationMethod.LayerGramianFromBytes;
        GramianAggregationMethod.LayerGramianFromBytes = source == GramianSource.Layers ? previous : long.MaxValue;
        context = new MethodContext("Benchmarks.GramianStep", model, optimizer, ["L1", "L2", "L3"], [1.0, 1.0, 1.0], body);
        method.Initialize(context);
        GramianAggregationMethod.LayerGramianFromBytes = previous;
        if (context.Gradients.UsesLayerGramian != (source == GramianSource.Layers)) throw new InvalidOperationException($"The engine does not take the {source}'s way.");
        input = torch.randn(Batch, Width).DetachFromDisposeScope();
        targets = [.. new[] { 0, 1, 2 }.Select(_ => torch.randint(0, 10, Batch).DetachFromDisposeScope())];
    }

    public void Run()
    {
        using var scope = torch.NewDisposeScope();
        Gradients.SetToNone(optimizer);
        var hidden = body.call(input);
        var losses = new Tensor?[3];
        for (var i = 0; i < 3; i++) losses[i] = nn.functional.cross_entropy(heads[i].call(hidden), targets[i]);
        var total = losses[0]!.add(losses[1]!).add_(losses[2]!);
        method.Backward(losses, total);
        optimizer.step();
    }

    public void Dispose()
    {
        method.Dispose();
        context.Dispose();
        optimizer.Dispose();
        model.Dispose();
        input.Dispose();
        foreach (var target in targets) target.Dispose();
    }

    /// <summary>
    /// <c>gramian-memory</c>: each source in a process of its own (a child of this one), 30 steps after 5 warm-up steps;
    /// prints the peak resident memory (VmHWM) and the resident memory after the steps (VmRSS) of each, and their
    /// difference. Native memory (libtorch's tensors) is what BenchmarkDotNet's memory diagnoser does not see.
    /// </summary>
    public static void MeasureMemory(string[] args)
    {
        if (args.Length > 0 && Enum.TryParse<GramianSource>(args[0], out var child))
        {
            using var step = new GramianStep(child);
            var before = Status("VmRSS");
            for (var i = 0; i < 35; i++) step.Run();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{child}\t{before}\t{Status("VmHWM")}\t{Status("VmRSS")}"));
            return;
        }
        Console.WriteLine("source\tVmRSS before (kB)\tVmHWM peak (kB)\tVmRSS after (kB)");
        foreach (var source in new[] { GramianSource.Jacobian, GramianSource.Layers })
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
            // Run through the dotnet host, the child needs the program's assembly first.
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(GramianStep).Assembly.Location);
            foreach (var argument in Environment.GetCommandLineArgs()[1..]) start.ArgumentList.Add(argument);
            start.ArgumentList.Add(source.ToString());
            using var process = Process.Start(start)!;
            var line = process.StandardOutput.ReadToEnd().TrimEnd();
            process.WaitForExit();
            Console.WriteLine(line[(line.LastIndexOf('\n') + 1)..]);
        }
    }

    private static long Status(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (!line.StartsWith(field + ":", StringComparison.Ordinal)) continue;
            return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException($"/proc/self/status has no {field}.");
    }
}
