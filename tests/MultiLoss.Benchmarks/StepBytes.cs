using System;
using System.Globalization;
using System.IO;
using TorchSharp;

namespace MultiLoss.Benchmarks;

/// <summary>
/// Managed bytes per step measured on the benchmark's own thread after BenchmarkDotNet is done with a case (in its
/// global cleanup), together with the bare single-loss step's on the same model, and handed to the summary's columns
/// through files in a directory the host names.
/// </summary>
/// <remarks>
/// BenchmarkDotNet's Allocated column divides one iteration's allocations by its invocation count. A large-model step
/// takes ~0.1 s, so a quick-mode iteration is one to three steps, and anything else the process allocates during that
/// iteration (measured: up to ~1 KB now and then) lands on one step. Here steps run in rounds, counted with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> (this thread only).
/// </remarks>
public static class StepBytes
{
    /// <summary>The environment variable that names the directory (set by the host, inherited by out-of-process runs).</summary>
    public const string DirectoryVariable = "MULTILOSS_BENCHMARK_STEP_BYTES";

    private const int MaxRounds = 30;

    public static (double Bytes, double Tensors) SteadyState(Action step, ModelSize size)
    {
        // Even round lengths: the gated steps see as many open as closed gates in every round.
        var roundSteps = size == ModelSize.Small ? 200 : 2;
        var previous = double.NaN;
        for (var round = 1; ; round++)
        {
            var created = CreatedTensors();
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < roundSteps; i++) step();
            var bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)roundSteps;
            var tensors = (CreatedTensors() - created) / (double)roundSteps;
            if (bytes == previous || round == MaxRounds) return (bytes, tensors);
            previous = bytes;
        }
    }

    /// <summary>
    /// Measures <paramref name="step"/> and, on the same model and optimizer, <paramref name="bare"/> (the bare
    /// single-loss step) in interleaved rounds, and records the least bytes per step of each's rounds for
    /// <paramref name="method"/> at <paramref name="size"/>, if the host asked for it.
    /// </summary>
    /// <remarks>
    /// Interleaving and the least round make the difference (the glue) robust to what the JIT may still be doing in the
    /// background: a round that ran before some shared code was recompiled allocates more, never less.
    /// </remarks>
    public static void MeasureAndRecord(string method, ModelSize size, Action step, Action bare)
    {
        var directory = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrEmpty(directory)) return;
        // Even round lengths: the gated steps see as many open as closed gates in every round.
        var (rounds, roundSteps) = size == ModelSize.Small ? (5, 100) : (6, 2);
        var stepBytes = long.MaxValue;
        var bareBytes = long.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            stepBytes = Math.Min(stepBytes, Allocated(step, roundSteps));
            bareBytes = Math.Min(bareBytes, Allocated(bare, roundSteps));
        }
        File.WriteAllText(PathOf(directory, method, size.ToString()), string.Create(CultureInfo.InvariantCulture,
            $"{stepBytes / (double)roundSteps:R} {bareBytes / (double)roundSteps:R}"));
    }

    /// <summary>The recorded bytes per step of <paramref name="method"/> at <paramref name="size"/> and of the bare step measured with it, or null.</summary>
    public static (double Bytes, double BareBytes)? Read(string method, string size)
    {
        var directory = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrEmpty(directory)) return null;
        var path = PathOf(directory, method, size);
        if (!File.Exists(path)) return null;
        var parts = File.ReadAllText(path).Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private static long Allocated(Action step, int steps)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < steps; i++) step();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static string PathOf(string directory, string method, string size) => Path.Combine(directory, $"{method}-{size}.txt");

    private static long CreatedTensors() =>
        DisposeScopeManager.Statistics.CreatedInScopeCount + DisposeScopeManager.Statistics.CreatedOutsideScopeCount;
}
