using System;
using System.Globalization;
using System.IO;
using TorchSharp;

namespace MultiLoss.Benchmarks;

/// <summary>
/// Steady-state managed bytes per step measured on the benchmark's own thread, after BenchmarkDotNet is done with a
/// case (in its global cleanup), and handed to the summary's columns through files in a directory the host names.
/// </summary>
/// <remarks>
/// BenchmarkDotNet's Allocated column divides one iteration's allocations by its invocation count. A large-model step
/// takes ~0.1 s, so a quick-mode iteration is one to three steps, and anything else the process allocates during that
/// iteration (measured: up to ~1 KB now and then) lands on one step. Here rounds of steps run until two rounds in a row
/// allocate the same, with <see cref="GC.GetAllocatedBytesForCurrentThread"/>, which counts this thread only.
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

    /// <summary>Measures <paramref name="step"/> and records it for <paramref name="method"/> at <paramref name="size"/>, if the host asked for it.</summary>
    public static void MeasureAndRecord(string method, ModelSize size, Action step)
    {
        var directory = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrEmpty(directory)) return;
        var (bytes, _) = SteadyState(step, size);
        File.WriteAllText(PathOf(directory, method, size.ToString()), bytes.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>The recorded bytes per step of <paramref name="method"/> at <paramref name="size"/>, or null.</summary>
    public static double? Read(string method, string size)
    {
        var directory = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrEmpty(directory)) return null;
        var path = PathOf(directory, method, size);
        return File.Exists(path) ? double.Parse(File.ReadAllText(path), CultureInfo.InvariantCulture) : null;
    }

    private static string PathOf(string directory, string method, string size) => Path.Combine(directory, $"{method}-{size}.txt");

    private static long CreatedTensors() =>
        DisposeScopeManager.Statistics.CreatedInScopeCount + DisposeScopeManager.Statistics.CreatedOutsideScopeCount;
}
