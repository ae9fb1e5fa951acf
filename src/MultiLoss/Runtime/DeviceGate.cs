using System;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Runtime;

/// <summary>
/// A threshold gate decided on the device: <see cref="Open(Tensor)"/> gives a 0/1 tensor (1 while the watched loss is
/// below the threshold) that multiplies the gated loss, so nothing is read on the host. A latched gate keeps, on the
/// device, whether it was ever open.
/// </summary>
public sealed class DeviceGate : IDisposable
{
    private static readonly Scalar One = 1.0;
    private readonly Scalar threshold;
    private readonly bool latch;
    private Tensor? everOpen;
    private bool restoredOpen;

    /// <summary>A gate that opens while the watched loss is below <paramref name="threshold"/>.</summary>
    public DeviceGate(double threshold, bool latch)
    {
        this.threshold = threshold;
        this.latch = latch;
    }

    /// <summary>1 (as a tensor of the loss's type) when <paramref name="watched"/> is below the threshold, else 0.</summary>
    public Tensor Open(Tensor watched)
    {
        var open = watched.lt(threshold).to_type(watched.dtype);
        return latch ? Latch(open) : open;
    }

    /// <summary>As <see cref="Open(Tensor)"/>, for a watched loss that is itself gated: also 0 while its gate is closed.</summary>
    public Tensor Open(Tensor watched, Tensor watchedOpen)
    {
        var open = watched.lt(threshold).to_type(watched.dtype).mul_(watchedOpen);
        return latch ? Latch(open) : open;
    }

    /// <summary>
    /// What <see cref="Open(Tensor)"/> would decide, without changing the gate: a latched gate does not remember this
    /// decision. For evaluating a model between steps.
    /// </summary>
    public Tensor Peek(Tensor watched) => Peeked(watched.lt(threshold).to_type(watched.dtype));

    /// <summary>What <see cref="Open(Tensor, Tensor)"/> would decide, without changing the gate.</summary>
    public Tensor Peek(Tensor watched, Tensor watchedOpen) => Peeked(watched.lt(threshold).to_type(watched.dtype).mul_(watchedOpen));

    private Tensor Peeked(Tensor open)
    {
        if (!latch) return open;
        if (everOpen is not null) return open.maximum(everOpen);
        return restoredOpen ? open.fill_(One) : open;
    }

    /// <summary>1 − <paramref name="open"/>: the factor of the loss a switch gate hands over from.</summary>
    public static Tensor Closed(Tensor open) => open.neg().add_(One);

    private Tensor Latch(Tensor open)
    {
        if (everOpen is null)
        {
            everOpen = open.clone().DetachFromDisposeScope();
            if (restoredOpen) everOpen.fill_(One);
        }
        else
        {
            everOpen.copy_(everOpen.maximum(open));
        }
        return everOpen.clone();
    }

    /// <summary>Whether a latched gate has opened (reads the device); false for a gate that does not latch.</summary>
    public bool HasOpened
    {
        get
        {
            if (!latch) return false;
            if (everOpen is null) return restoredOpen;
            using var value = everOpen.ToScalar();
            return value.ToDouble() != 0;
        }
    }

    /// <summary>Restores a latched gate's state (a saved <see cref="HasOpened"/>).</summary>
    public void Restore(bool opened)
    {
        restoredOpen = opened;
        if (everOpen is not null) everOpen.fill_(opened ? 1.0 : 0.0);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        threshold.Dispose();
        everOpen?.Dispose();
    }
}
