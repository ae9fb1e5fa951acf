using System;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

/// <summary>
/// A few float64 values on the host that a method reads from the device or writes to it every step without allocating
/// (a Gramian, weights, random draws): a CPU tensor and an array that mirror each other.
/// </summary>
public sealed class HostBuffer : IDisposable
{
    private readonly Tensor host;
    private readonly double[] values;
    private readonly IntPtr pointer;

    /// <summary>A buffer of the given shape, filled with zeros.</summary>
    public HostBuffer(params long[] shape)
    {
        using (torch.NewDisposeScope()) host = torch.zeros(shape, dtype: ScalarType.Float64).DetachFromDisposeScope();
        values = new double[host.numel()];
        pointer = host.storage<double>().data_ptr();
    }

    /// <summary>The values, as the latest <see cref="Read"/> or <see cref="Write"/> left them.</summary>
    public Span<double> Values => values;

    /// <summary>Copies <paramref name="source"/> (the buffer's shape, any device and dtype) to the host: one device read.</summary>
    public ReadOnlySpan<double> Read(Tensor source)
    {
        host.copy_(source);
        Marshal.Copy(pointer, values, 0, values.Length);
        return values;
    }

    /// <summary>Copies <paramref name="source"/> into the buffer, then the buffer into <paramref name="target"/> (the buffer's shape, any device and dtype).</summary>
    public void Write(ReadOnlySpan<double> source, Tensor target)
    {
        source.CopyTo(values);
        Marshal.Copy(values, 0, pointer, values.Length);
        target.copy_(host);
    }

    /// <inheritdoc />
    public void Dispose() => host.Dispose();
}
