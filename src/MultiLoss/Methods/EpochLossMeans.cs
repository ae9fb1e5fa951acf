using System;
using MultiLoss.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

/// <summary>
/// Each loss's mean over an epoch, for the methods that set their weights once per epoch (DWA, STCH): the values are
/// summed on the device in float64 as the steps go, with no host read, and read once when the epoch ends. Saved with the
/// method's state under a name of its own, so a run resumed mid-epoch ends that epoch with the same means.
/// </summary>
public sealed class EpochLossMeans : ISavedState, IDisposable
{
    private readonly long[] counts;
    private readonly Tensor sums;
    private readonly Tensor[] slots;

    /// <summary>Means of <paramref name="lossCount"/> losses, summed on <paramref name="device"/>.</summary>
    public EpochLossMeans(int lossCount, Device device)
    {
        counts = new long[lossCount];
        slots = new Tensor[lossCount];
        using var scope = torch.NewDisposeScope();
        sums = torch.zeros(lossCount, dtype: ScalarType.Float64, device: device).DetachFromDisposeScope();
        for (var i = 0; i < lossCount; i++) slots[i] = sums.narrow(0, i, 1).DetachFromDisposeScope();
    }

    /// <summary>How many values loss <paramref name="i"/> has had this epoch.</summary>
    public long Count(int i) => counts[i];

    /// <summary>Adds this step's values (null: the loss was not computed).</summary>
    public void Add(ReadOnlySpan<Tensor?> losses)
    {
        using var _ = torch.is_grad_enabled() ? torch.no_grad() : null;
        for (var i = 0; i < losses.Length; i++)
        {
            if (losses[i] is not { } loss) continue;
            slots[i].add_(loss, Scalars.One);
            counts[i]++;
        }
    }

    /// <summary>
    /// Ends the epoch (one host read): writes each mean into <paramref name="means"/>, leaving the entry of a loss that
    /// had no value this epoch as it was, and starts the next epoch from zero.
    /// </summary>
    public void End(Span<double> means)
    {
        var hostSums = TrainingMethod.HostValues(sums);
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] > 0) means[i] = hostSums[i] / counts[i];
            counts[i] = 0;
        }
        sums.fill_(Scalars.Zero);
    }

    /// <summary>Saves the epoch's sums, then its counts, as <paramref name="name"/>.</summary>
    public void Save(MethodState state, string name) => state.SetValues(name, [.. TrainingMethod.HostValues(sums), .. Array.ConvertAll(counts, count => (double)count)]);

    /// <summary>Restores what <see cref="Save"/> saved as <paramref name="name"/>.</summary>
    public void Restore(MethodState state, string name)
    {
        var values = state.GetValues(name, 2 * counts.Length);
        var savedCounts = values[counts.Length..];
        if (!Array.TrueForAll(savedCounts, count => count >= 0 && count == Math.Floor(count))) throw new ArgumentException($"The epoch counts ('{name}') are whole numbers of at least 0.", nameof(state));
        for (var i = 0; i < counts.Length; i++) counts[i] = (long)savedCounts[i];
        using var _ = torch.no_grad();
        using var restored = torch.tensor(values[..counts.Length], dtype: ScalarType.Float64, device: sums.device);
        sums.copy_(restored);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var slot in slots) slot.Dispose();
        sums.Dispose();
    }
}
