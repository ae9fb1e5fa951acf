using System;
using System.ComponentModel;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Runtime;

/// <summary>
/// A threshold gate decided on the device: <see cref="Open(Tensor)"/> gives a 0/1 tensor (1 while the watched loss is
/// below the threshold) that multiplies the gated loss, so nothing is read on the host. A latched gate keeps, on the
/// device, whether it was ever open.
/// </summary>
/// <param name="threshold">The gate opens while the watched loss is below it.</param>
/// <param name="latch">Whether a gate that opened stays open.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class DeviceGate(double threshold, bool latch) : IDisposable
{
    private readonly Scalar threshold = threshold;
    private Tensor? everOpen;
    private bool restoredOpen;

    /// <summary>1 (as a tensor of the loss's type) when <paramref name="watched"/> is below the threshold, else 0.</summary>
    public Tensor Open(Tensor watched) => Latched(Below(watched));

    /// <summary>As <see cref="Open(Tensor)"/>, for a watched loss that is itself gated: also 0 while its gate is closed.</summary>
    public Tensor Open(Tensor watched, Tensor watchedOpen) => Latched(Below(watched).mul_(watchedOpen));

    /// <summary>
    /// What <see cref="Open(Tensor)"/> would decide, without changing the gate: a latched gate does not remember this
    /// decision. For evaluating a model between steps.
    /// </summary>
    public Tensor Peek(Tensor watched) => Peeked(Below(watched));

    /// <summary>What <see cref="Open(Tensor, Tensor)"/> would decide, without changing the gate.</summary>
    public Tensor Peek(Tensor watched, Tensor watchedOpen) => Peeked(Below(watched).mul_(watchedOpen));

    private Tensor Below(Tensor watched) => watched.lt(threshold).to_type(watched.dtype);

    private Tensor Peeked(Tensor open)
    {
        if (!latch) return open;
        if (everOpen is not null) return open.maximum(everOpen);
        return restoredOpen ? open.fill_(Scalars.One) : open;
    }

    /// <summary>1 − <paramref name="open"/>: the factor of the loss a switch gate hands over from.</summary>
    public static Tensor Closed(Tensor open) => open.neg().add_(Scalars.One);

    private Tensor Latched(Tensor open)
    {
        if (!latch) return open;
        if (everOpen is null)
        {
            everOpen = open.clone().DetachFromDisposeScope();
            if (restoredOpen) everOpen.fill_(Scalars.One);
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
        everOpen?.fill_(opened ? 1.0 : 0.0);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        threshold.Dispose();
        everOpen?.Dispose();
    }
}
