using System;
using System.ComponentModel;
using MultiLoss.Methods;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Runtime;

/// <summary>
/// Sums of a trainer's device values (<see cref="ITrainingReport.DeviceValues"/>) over several steps, kept on the
/// values' device: adding a step launches a few small kernels and never waits for the device; reading the sums copies
/// them to the host once. A NaN (a loss not computed that step) is left out of its value's sum and count.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class StepValueSums : IDisposable
{
    private readonly int count;
    private readonly KeptTensors kept = new();
    private Tensor? sumsAndCounts;   // [2, count]: row 0 the sums, row 1 how many steps each value was a number
    private Tensor? sums;
    private Tensor? counts;
    private HostBuffer? host;
    private bool disposed;

    /// <summary>Sums for the first <paramref name="count"/> values of each step.</summary>
    public StepValueSums(int count)
    {
        if (count is < 0 or > StepValues.MaxCount)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"A step has between 0 and {StepValues.MaxCount} device values.");
        this.count = count;
    }

    /// <summary>The number of values summed per step.</summary>
    public int Count => count;

    /// <summary>Adds the values of step <paramref name="ofStep"/> held in <paramref name="values"/>, on the device.</summary>
    /// <exception cref="InvalidOperationException">The trainer has taken another step since <paramref name="ofStep"/>.</exception>
    public void Add(StepValues values, long ofStep)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(values);
        if (values.DeviceCount < count)
            throw new ArgumentException($"The buffer holds {values.DeviceCount} device values per step, fewer than the {count} summed.", nameof(values));
        var buffer = values.DeviceBufferOf(ofStep);
        if (buffer is null || count == 0) return;

        if (sumsAndCounts is null) CreateSums(buffer.device);
        using var step = count == buffer.shape[0] ? buffer.alias() : buffer.narrow(0, 0, count);
        using var isNumber = step.eq(step);
        using var numbers = step.nan_to_num(0.0, double.PositiveInfinity, double.NegativeInfinity);
        sums!.add_(numbers);
        counts!.add_(isNumber);
    }

    /// <summary>
    /// Copies the sums and counts to the host (one device-to-host copy) into <paramref name="sumsOut"/> and
    /// <paramref name="countsOut"/>, then sets them to zero.
    /// </summary>
    public void ReadAndReset(Span<double> sumsOut, Span<long> countsOut)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (sumsOut.Length < count || countsOut.Length < count)
            throw new ArgumentException($"Room for {count} sums and counts is needed.");
        if (sumsAndCounts is null)
        {
            sumsOut[..count].Clear();
            countsOut[..count].Clear();
            return;
        }
        var host = this.host!.Read(sumsAndCounts);
        sumsAndCounts.zero_();
        for (var i = 0; i < count; i++)
        {
            sumsOut[i] = host[i];
            countsOut[i] = (long)host[count + i];
        }
    }

    private void CreateSums(Device device)
    {
        sumsAndCounts = kept.Keep(torch.zeros(2, count, dtype: ScalarType.Float64, device: device));
        sums = kept.Keep(sumsAndCounts[0]);
        counts = kept.Keep(sumsAndCounts[1]);
        host = new HostBuffer(2, count);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        disposed = true;
        kept.Dispose();
        host?.Dispose();
    }
}
