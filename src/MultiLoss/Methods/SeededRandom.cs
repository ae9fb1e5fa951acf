using System;

namespace MultiLoss.Methods;

/// <summary>
/// The random draws of the methods that draw (PCGrad's and GradVac's orders, GradDrop's masks, RLW's weights): SplitMix64
/// (Steele, Lea &amp; Flood 2014) on a 64-bit state the method saves with the trainer, so a seeded run is reproducible and
/// a resumed one draws what the uninterrupted one would have. A method keeps one as its saved state
/// (<see cref="TrainingMethod.Saved{T}"/>); the static members are the same draws on a state of the caller's.
/// </summary>
public sealed class SeededRandom(ulong seed) : ISavedState
{
    private ulong current = seed;

    /// <summary>The state the next draw starts from: read it to save a run, set it to resume one.</summary>
    public ulong State
    {
        get => current;
        set => current = value;
    }

    /// <summary>A uniform draw in [0, 1) from the next 53 random bits: <see cref="NextUniform(ref ulong)"/>.</summary>
    public double NextUniform() => NextUniform(ref current);

    /// <summary>The losses other than <paramref name="i"/>, shuffled into <paramref name="order"/>: <see cref="DrawOrder(ref ulong, int, int, Span{int})"/>.</summary>
    public void DrawOrder(int i, int lossCount, Span<int> order) => DrawOrder(ref current, i, lossCount, order);

    /// <summary>Saves the state as its high and low 32 bits (a double holds each exactly).</summary>
    public void Save(MethodState state, string name) => state.SetValues(name, [current >> 32, current & uint.MaxValue]);

    /// <inheritdoc />
    public void Restore(MethodState state, string name)
    {
        var saved = state.GetWholeNumbers(name, 2, uint.MaxValue);
        current = ((ulong)saved[0] << 32) | (ulong)saved[1];
    }

    /// <summary>Advances <paramref name="state"/> and returns the next 64 random bits.</summary>
    public static ulong Next(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform draw in [0, 1) from the next 53 random bits.</summary>
    public static double NextUniform(ref ulong state) => (Next(ref state) >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// Fills <paramref name="order"/> (length K − 1) with the losses other than <paramref name="i"/>, shuffled: they start
    /// ascending (0 … K−1 without i); then, for k from K − 2 down to 1, a draw r in [0, k] (the next 64 bits x mapped to
    /// ⌊x·(k+1)/2⁶⁴⌋) swaps positions k and r.
    /// </summary>
    public static void DrawOrder(ref ulong state, int i, int lossCount, Span<int> order)
    {
        if (lossCount < 1) throw new ArgumentOutOfRangeException(nameof(lossCount), lossCount, "At least one loss is needed.");
        if ((uint)i >= (uint)lossCount) throw new ArgumentOutOfRangeException(nameof(i), i, $"There are {lossCount} losses.");
        if (order.Length != lossCount - 1) throw new ArgumentException($"The order has room for {order.Length} losses, not {lossCount - 1}.", nameof(order));
        for (int j = 0, k = 0; j < lossCount; j++)
        {
            if (j != i) order[k++] = j;
        }
        for (var k = order.Length - 1; k >= 1; k--)
        {
            var r = (int)Math.BigMul(Next(ref state), (ulong)(k + 1), out _);
            (order[k], order[r]) = (order[r], order[k]);
        }
    }
}
