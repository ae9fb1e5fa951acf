using System;
using System.Collections.Generic;

namespace MultiLoss.Methods;

/// <summary>
/// A method's part of a trainer's saved state: named values and opaque data, kept under the method's own prefix in the
/// <see cref="Runtime.TrainerState"/>, so that the trainer holds no key of any method.
/// </summary>
public sealed class MethodState
{
    private readonly string prefix;
    private readonly IDictionary<string, double[]>? values;
    private readonly IDictionary<string, byte[]>? blobs;
    private readonly Runtime.TrainerState? saved;

    /// <summary>A state being saved: what the method writes goes into <paramref name="values"/> and <paramref name="blobs"/> under <paramref name="prefix"/>.</summary>
    public MethodState(string prefix, IDictionary<string, double[]> values, IDictionary<string, byte[]> blobs)
    {
        this.prefix = prefix ?? throw new ArgumentNullException(nameof(prefix));
        this.values = values ?? throw new ArgumentNullException(nameof(values));
        this.blobs = blobs ?? throw new ArgumentNullException(nameof(blobs));
    }

    /// <summary>A state being restored: the method reads what was saved under <paramref name="prefix"/> in <paramref name="saved"/>.</summary>
    public MethodState(string prefix, Runtime.TrainerState saved)
    {
        this.prefix = prefix ?? throw new ArgumentNullException(nameof(prefix));
        this.saved = saved ?? throw new ArgumentNullException(nameof(saved));
    }

    /// <summary>Saves <paramref name="data"/> as the values named <paramref name="name"/>.</summary>
    public void SetValues(string name, double[] data) => (values ?? throw Restoring())[prefix + name] = data ?? throw new ArgumentNullException(nameof(data));

    /// <summary>Saves <paramref name="data"/> as the opaque data named <paramref name="name"/>.</summary>
    public void SetBytes(string name, byte[] data) => (blobs ?? throw Restoring())[prefix + name] = data ?? throw new ArgumentNullException(nameof(data));

    /// <summary>The saved values named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The state holds no such values (it was saved by another method, or an older MultiLoss).</exception>
    public double[] GetValues(string name) => Get(saved?.Values, name);

    /// <summary>The saved values named <paramref name="name"/>, which are <paramref name="count"/> values.</summary>
    /// <exception cref="ArgumentException">The state holds no such values, or not <paramref name="count"/> of them (it was saved by a trainer with other losses).</exception>
    public double[] GetValues(string name, long count)
    {
        var data = GetValues(name);
        if (data.Length == count) return data;
        throw new ArgumentException($"The trainer state holds {data.Length} values for '{prefix + name}'; this trainer's method has {count}.", nameof(name));
    }

    /// <summary>
    /// The saved values named <paramref name="name"/>, <paramref name="count"/> whole numbers from 0 to
    /// <paramref name="max"/> (2⁵³ by default, the largest a double holds exactly): counts, parts of a random state.
    /// </summary>
    /// <exception cref="ArgumentException">The state holds no such values, not <paramref name="count"/> of them, or one that is not such a number.</exception>
    public double[] GetWholeNumbers(string name, long count, double max = 1L << 53)
    {
        var data = GetValues(name, count);
        var wrong = Array.FindIndex(data, value => !(value >= 0 && value <= max && value == Math.Floor(value)));
        if (wrong < 0) return data;
        throw new ArgumentException($"'{prefix + name}' holds whole numbers from 0 to {max}, not {data[wrong]}.", nameof(name));
    }

    /// <summary>The saved opaque data named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The state holds no such data.</exception>
    public byte[] GetBytes(string name) => Get(saved?.Blobs, name);

    private T Get<T>(IReadOnlyDictionary<string, T>? state, string name)
    {
        if (state is null) throw new InvalidOperationException("This method state is being saved, not restored.");
        if (state.TryGetValue(prefix + name, out var data)) return data;
        throw new ArgumentException(
            $"The trainer state holds no '{prefix + name}'. It was saved by a trainer with another method, or by a MultiLoss older than the method contract (format 2); " +
            "restore it into the trainer that saved it.", nameof(name));
    }

    private static InvalidOperationException Restoring() => new("This method state is being restored, not saved.");
}
