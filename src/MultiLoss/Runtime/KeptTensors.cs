using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Runtime;

/// <summary>
/// The tensors a part of the runtime keeps across steps (a buffer and views of it), out of any dispose scope, disposed
/// together; made for one dtype, device and shape, and made again by their owner when those change (see <see cref="Fit"/>).
/// </summary>
internal sealed class KeptTensors : IDisposable
{
    private readonly List<Tensor> kept = [];
    private long[] shape = [];
    private ScalarType dtype;
    private DeviceType deviceType;
    private int deviceIndex;

    /// <summary>
    /// True when the tensors kept were made for <paramref name="like"/>'s dtype and device and for <paramref name="shape"/>;
    /// otherwise disposes them, for the caller to keep new ones made for these.
    /// </summary>
    public bool Fit(Tensor like, params ReadOnlySpan<long> shape)
    {
        if (kept.Count > 0 && like.dtype == dtype && like.device_type == deviceType && like.device_index == deviceIndex && shape.SequenceEqual(this.shape))
        {
            return true;
        }
        Dispose();
        (this.shape, dtype, deviceType, deviceIndex) = (shape.ToArray(), like.dtype, like.device_type, like.device_index);
        return false;
    }

    /// <summary>Keeps <paramref name="tensor"/> until <see cref="Dispose"/>.</summary>
    public Tensor Keep(Tensor tensor)
    {
        kept.Add(tensor.DetachFromDisposeScope());
        return tensor;
    }

    /// <summary>Disposes the tensors kept; new ones can be kept afterwards.</summary>
    public void Dispose()
    {
        foreach (var tensor in kept) tensor.Dispose();
        kept.Clear();
    }
}
