using System;
using System.Globalization;
using System.Linq;

namespace DocTables;

/// <summary>The sections of a recorded CUDA measurement (<see cref="CudaRun"/>), each saying where its numbers come from.</summary>
public static class CudaTables
{
    private const string WeightedPair = "weighted, generated / hand";
    private const string SeparatePair = "separate backward, generated / hand";
    private const string HostGatePair = "host gate, generated / hand";
    private const string DeviceGatePair = "device gate / host gate, both generated";
    private const string PCGradPair = "PCGrad / weighted, both generated";

    /// <summary>What was measured, where, when and how.</summary>
    public static string Record(CudaRun run, RunLink link) => string.Create(CultureInfo.InvariantCulture,
        $"Recorded in {link}: {run.What}. Commit `{Short(run)}`, {run.Date}, on an {run.Machine.Gpu} ({run.Machine.GpuMemoryGiB} GiB) " +
        $"with libtorch {run.Machine.Libtorch}, CUDA {run.Machine.Cuda}, TorchSharp {run.Machine.TorchSharp}. {run.How} {run.Machine.Note}");

    public static string Equality(CudaRun run, RunLink link)
    {
        var table = new MarkdownTable("trainer", "largest parameter difference, CPU vs CUDA");
        foreach (var trainer in run.Equality.CpuVsCuda) table.Add(trainer.Trainer, Difference(trainer.MaxAbsDifference));
        var handVsGenerated = string.Join(", ", run.Equality.GeneratedVsHandOnCuda.Select(t => $"{t.Trainer} {Difference(t.MaxAbsDifference)}"));
        var live = run.Equality.LiveTensors;
        var leaks = live.Unchanged
            ? $"the number of live tensors after {live.Steps:N0} CUDA steps equals the number after the first, for each of the {live.Trainers} trainers"
            : $"the number of live tensors changed over {live.Steps:N0} CUDA steps";
        return table + "\n" + Invariant($"The generated step against the hand-written loop, both on CUDA: {handVsGenerated}; {leaks}.\n\n") +
            Source(run, link, run.Equality.Setup);
    }

    public static string Timing(CudaRun run, RunLink link)
    {
        var table = new MarkdownTable("A / B", $"small: {run.Timing.Models.Small}", $"large: {run.Timing.Models.Large}");
        foreach (var pair in run.Timing.Pairs) table.Add(pair.Label, Ratio(pair.Small), Ratio(pair.Large));
        return table + "\n" + Source(run, link, run.Timing.Setup + "; in brackets A's and B's time per step");
    }

    public static string Eager(CudaRun run, RunLink link)
    {
        var table = new MarkdownTable("loop", "model", "generated step", "hand-written, TorchSharp", "PyTorch eager");
        foreach (var loop in run.Timing.PytorchEager.Loops)
        {
            var pair = run.Pair(loop.Pair);
            table.Add(loop.Loop, "small", Microseconds(pair.Small.AMicroseconds), Microseconds(pair.Small.BMicroseconds), Microseconds(loop.SmallMicroseconds));
            table.Add(loop.Loop, "large", Microseconds(pair.Large.AMicroseconds), Microseconds(pair.Large.BMicroseconds), Microseconds(loop.LargeMicroseconds));
        }
        return table + "\n" + Source(run, link, $"time per step; PyTorch: {run.Timing.PytorchEager.Setup}; the others from the generated / hand pairs above");
    }

    public static string Digits(CudaRun run, RunLink link)
    {
        var table = new MarkdownTable("strategy", "test accuracy on CUDA", "on the same machine's CPU");
        foreach (var result in run.Digits.TestAccuracy) table.Add(result.Strategy, Invariant($"{result.Cuda:0.0000}"), Invariant($"{result.Cpu:0.0000}"));
        var digits = run.Digits;
        return table + "\n" + Source(run, link, Invariant(
            $"`{digits.Command}`, {digits.Epochs} epochs: exit code {digits.ExitCode}, {digits.CudaSeconds:0.#} s on CUDA and {digits.CpuSeconds:0.#} s on the CPU"));
    }

    /// <summary>The measurement in one paragraph, for the README.</summary>
    public static string Summary(CudaRun run, RunLink link)
    {
        var largest = run.Equality.CpuVsCuda.Max(t => t.MaxAbsDifference);
        var sameWork = new[] { run.Pair(WeightedPair), run.Pair(HostGatePair) };
        var sameWorkRange = Range(sameWork.SelectMany(p => new[] { p.Small.Ratio, p.Large.Ratio }).ToArray());
        var separate = run.Pair(SeparatePair);
        var deviceGate = run.Pair(DeviceGatePair);
        var pcGrad = run.Pair(PCGradPair);
        return string.Create(CultureInfo.InvariantCulture,
            $"Measured once on an {run.Machine.Gpu} (libtorch {run.Machine.Libtorch}, CUDA {run.Machine.Cuda}) at commit `{Short(run)}`, " +
            $"recorded in {link}: after {run.Equality.Steps} steps each of {run.Equality.CpuVsCuda.Count} trainers had parameters within " +
            $"{Difference(largest)} of the same run on the CPU. A generated weighted or gated step took {sameWorkRange} times the time of its " +
            $"hand-written loop, a generated separate backward {Range(separate.Small.Ratio, separate.Large.Ratio)} (merged into one backward). " +
            $"The device-side gate took {deviceGate.Small.Ratio:0.000} times the host gate's time on the small model ({run.Timing.Models.Small}) " +
            $"and {deviceGate.Large.Ratio:0.000} on the large one ({run.Timing.Models.Large}); PCGrad " +
            $"{Range(pcGrad.Small.Ratio, pcGrad.Large.Ratio)} times a weighted step.");
    }

    private static string Source(CudaRun run, RunLink link, string what) => $"From {link} (commit `{Short(run)}`): {what}.";

    private static string Short(CudaRun run) => run.Commit[..7];

    private static string Ratio(PairTiming timing) =>
        Invariant($"{timing.Ratio:0.000} ({Microseconds(timing.AMicroseconds)} vs {Microseconds(timing.BMicroseconds)})");

    private static string Microseconds(double value) => Invariant($"{value:N0} µs");

    private static string Range(params double[] values)
    {
        var (low, high) = (values.Min(), values.Max());
        return low == high ? Invariant($"{low:0.000}") : Invariant($"{low:0.000}–{high:0.000}");
    }

    /// <summary>A difference such as 2.98e-8, or 0.</summary>
    private static string Difference(double value) => value == 0 ? "0" : value.ToString("0.##e-0", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
