using System;
using System.Collections.Generic;

namespace MultiLoss;

/// <summary>
/// Where a run stands, saved in a <see cref="Checkpoint"/> next to the model, the optimizer and the trainer: the epoch in
/// progress, how many of its batches are trained, and any numbers of your own (the best validation loss so far, ...).
/// A resumed run skips the first <see cref="BatchInEpoch"/> batches of epoch <see cref="Epoch"/>.
/// </summary>
public sealed class TrainingPosition
{
    private static readonly IReadOnlyDictionary<string, double> NoValues = new Dictionary<string, double>();

    /// <summary>A position: batch <paramref name="batchInEpoch"/> of epoch <paramref name="epoch"/>, both counting from 0.</summary>
    /// <param name="epoch">The epoch in progress, counting from 0.</param>
    /// <param name="batchInEpoch">The batches of that epoch already trained: 0 at the start of an epoch.</param>
    /// <param name="values">Numbers of your own, saved and loaded with the position; copied.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> or <paramref name="batchInEpoch"/> is negative.</exception>
    public TrainingPosition(int epoch, int batchInEpoch, IReadOnlyDictionary<string, double>? values = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfNegative(batchInEpoch);
        Epoch = epoch;
        BatchInEpoch = batchInEpoch;
        Values = values is null || values.Count == 0 ? NoValues : new Dictionary<string, double>(values, StringComparer.Ordinal);
    }

    /// <summary>The start of a run: epoch 0, no batch trained, no values.</summary>
    public static TrainingPosition Start { get; } = new(0, 0);

    /// <summary>The epoch in progress, counting from 0.</summary>
    public int Epoch { get; }

    /// <summary>The batches of <see cref="Epoch"/> already trained: 0 at the start of an epoch.</summary>
    public int BatchInEpoch { get; }

    /// <summary>Numbers of your own, by name.</summary>
    public IReadOnlyDictionary<string, double> Values { get; }

    /// <summary>The value named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The position holds no value of that name.</exception>
    public double Value(string name)
        => Values.TryGetValue(name, out var value)
            ? value
            : throw new KeyNotFoundException($"The training position holds no value named '{name}'; it holds: {(Values.Count == 0 ? "none" : string.Join(", ", Values.Keys))}.");

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"epoch {Epoch}, batch {BatchInEpoch}");
}
