using System;
using System.Collections.Generic;
using System.Linq;

namespace Digits.Training;

/// <summary>Shuffled mini-batches of row indices, a new order every epoch; the same sequence for the same seed.</summary>
public sealed class BatchSchedule(int rowCount, int batchSize, int seed)
{
    private readonly Random random = new(seed);

    /// <summary>Batches per epoch; the last one is smaller when the rows do not divide evenly.</summary>
    public int BatchesPerEpoch { get; } = (rowCount + batchSize - 1) / batchSize;

    public IEnumerable<long[]> NextEpoch()
    {
        var order = Enumerable.Range(0, rowCount).Select(i => (long)i).ToArray();
        random.Shuffle(order);
        return order.Chunk(batchSize);
    }
}
