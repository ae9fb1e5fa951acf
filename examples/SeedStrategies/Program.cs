using System;
using System.IO;
using System.Linq;
using MultiLoss.Runtime;
using TorchSharp;
using static System.FormattableString;
using static TorchSharp.torch;

namespace SeedStrategies;

/// <summary><c>dotnet run --project examples/SeedStrategies -- &lt;strategy&gt;</c>: trains one seed strategy and prints its losses.</summary>
public static class Program
{
    /// <summary>The strategies, by the name given on the command line.</summary>
    public static readonly (string Name, string Summary, Action<TextWriter, Device> Run)[] Strategies =
    [
        ("sum", "sum of losses: (L1 + L2).backward()", SumOfLosses.Run),
        ("weighted", "weighted sum: (0.7*L1 + 0.3*L2).backward()", WeightedSum.Run),
        ("separate", "separate backward: (0.7*L1).backward(retain_graph: true); (0.3*L2).backward()", SeparateBackward.Run),
        ("gate", Invariant($"threshold gate: L2 instead of L1 while L1 < {ThresholdGateTrainer.Threshold}"), ThresholdGate.Run),
        ("gate-add", Invariant($"threshold gate, GateMode.Add: L2 as well as L1 while L1 < {GateAddTrainer.Threshold}"), GateAdd.Run),
        ("gate-latch", Invariant($"threshold gate, Latch = true: L2 instead of L1 for good once L1 < {GateLatchTrainer.Threshold}"), GateLatch.Run),
        ("phased", Invariant($"phase 1 weighted sum for {PhasedTrainer.PhaseOneSteps} steps, then phase 2 separate backward"), Phased.Run),
    ];

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>The whole program, with its output streams given; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            ListStrategies(output);
            return 0;
        }
        var strategy = Strategies.FirstOrDefault(s => s.Name == args[0]);
        if (strategy.Run is null || args.Length > 1)
        {
            // One line on stderr saying what is wrong; the list of strategies on stdout.
            error.WriteLine(args.Length > 1
                ? $"error: expected one strategy name, got {args.Length} arguments: {string.Join(' ', args)}"
                : $"error: unknown strategy '{args[0]}' (one of: {string.Join(", ", Strategies.Select(s => s.Name))})");
            ListStrategies(output);
            return 2;
        }

        try
        {
            TorchNative.EnsureAvailable();
        }
        catch (TorchUnavailableException ex)
        {
            error.WriteLine("error: " + ex.Message);
            return 2;
        }
        var device = PickDevice();
        output.WriteLine($"{strategy.Name} ({strategy.Summary}) on {device.type}");
        strategy.Run(output, device);
        return 0;
    }

    /// <summary>CUDA when there is a GPU, else the CPU; on the CPU one thread, which is faster for a model this small.</summary>
    public static Device PickDevice()
    {
        var type = cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU;
        if (type == DeviceType.CPU) set_num_threads(1);
        return device(type);
    }

    private static void ListStrategies(TextWriter writer)
    {
        writer.WriteLine("usage: dotnet run --project examples/SeedStrategies -- <strategy>");
        writer.WriteLine("strategies:");
        foreach (var (name, summary, _) in Strategies) writer.WriteLine($"  {name,-11} {summary}");
    }
}
