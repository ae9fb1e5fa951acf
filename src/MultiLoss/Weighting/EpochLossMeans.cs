using System;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Weighting;

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
            slots[i].add_(loss, Runtime.Scalars.One);
            counts[i]++;
        }
    }

    /// <summary>
    /// Ends the epoch (one host read): writes each mean into <paramref name="means"/>, leaving the entry of a loss that
    /// had no value this epoch as it was, and starts the next epoch from zero.
    /// </summary>
    public void End(Span<double> means)
    {
        var hostSums = HostSums();
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] > 0) means[i] = hostSums[i] / counts[i];
            counts[i] = 0;
        }
        sums.fill_(Runtime.Scalars.Zero);
    }

    /// <summary>Saves the epoch's sums and counts as <paramref name="name"/>.</summary>
    public void Save(MethodState state, string name)
    {
        var values = new double[2 * counts.Length];
        HostSums().CopyTo(values, 0);
        for (var i = 0; i < counts.Length; i++) values[counts.Length + i] = counts[i];
        state.SetValues(name, values);
    }

    /// <summary>Restores what <see cref="Save"/> saved as <paramref name="name"/>.</summary>
    public void Restore(MethodState state, string name)
    {
        var values = state.GetValues(name);
        var count = counts.Length;
        if (values.Length != 2 * count) throw new ArgumentException($"The state holds {values.Length} epoch sums and counts ('{name}'); {2 * count} were expected.", nameof(state));
        for (var i = 0; i < count; i++)
        {
            var saved = values[count + i];
            if (!(saved >= 0) || saved != Math.Floor(saved)) throw new ArgumentException($"The epoch counts ('{name}') are whole numbers of at least 0.", nameof(state));
        }
        for (var i = 0; i < count; i++) counts[i] = (long)values[count + i];
        using var _ = torch.no_grad();
        using var restored = torch.tensor(values.AsSpan(0, count).ToArray(), dtype: ScalarType.Float64, device: sums.device);
        sums.copy_(restored);
    }

    private double[] HostSums()
    {
        using var host = sums.cpu();
        return host.data<double>().ToArray();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var slot in slots) slot.Dispose();
        sums.Dispose();
    }
}
