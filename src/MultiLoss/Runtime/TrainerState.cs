using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace MultiLoss.Runtime;

/// <summary>
/// A trainer's training state — steps taken, phase, gates, accumulation cycle, skipped steps — as plain values, so a
/// resumed run continues exactly where it stopped. The model's and the optimizer's own state are saved with TorchSharp
/// (<c>model.save</c>, <c>optimizer.state_dict</c>); this is what the trainer adds to them.
/// </summary>
public sealed class TrainerState
{
    private const string Magic = "MultiLoss.TrainerState";
    private const int FormatVersion = 3;
    private const int OldestReadableVersion = 2;

    /// <summary>The name of the trainer type the state was taken from; restoring into another type throws.</summary>
    public required string Trainer { get; init; }

    /// <summary>Steps taken.</summary>
    public long StepsTaken { get; init; }

    /// <summary>The current phase (0 for a trainer without phases).</summary>
    public int Phase { get; init; }

    /// <summary>Steps taken in the current phase.</summary>
    public int StepsInPhase { get; init; }

    /// <summary>Calls taken in the current accumulation cycle.</summary>
    public int CallsInCycle { get; init; }

    /// <summary>Steps skipped for a non-finite total.</summary>
    public long SkippedSteps { get; init; }

    /// <summary>Each gate's state by gated loss name: open (latched or this step) or not.</summary>
    public IReadOnlyDictionary<string, bool> Gates { get; init; } = new Dictionary<string, bool>();

    /// <summary>Learned values by name, e.g. the log-variances of uncertainty weighting.</summary>
    public IReadOnlyDictionary<string, double[]> Values { get; init; } = new Dictionary<string, double[]>();

    /// <summary>Opaque saved data by name, e.g. the state of the optimizer that trains a method's learnable weights.</summary>
    public IReadOnlyDictionary<string, byte[]> Blobs { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>Writes the state in a small versioned binary format.</summary>
    public void Save(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(Trainer);
        writer.Write(StepsTaken);
        writer.Write(Phase);
        writer.Write(StepsInPhase);
        writer.Write(CallsInCycle);
        writer.Write(SkippedSteps);
        writer.Write(Gates.Count);
        foreach (var (name, open) in Gates)
        {
            writer.Write(name);
            writer.Write(open);
        }
        writer.Write(Values.Count);
        foreach (var (name, values) in Values)
        {
            writer.Write(name);
            writer.Write(values.Length);
            foreach (var value in values) writer.Write(value);
        }
        writer.Write(Blobs.Count);
        foreach (var (name, bytes) in Blobs)
        {
            writer.Write(name);
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }
    }

    /// <summary>Reads a state written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The stream does not hold a trainer state of a known version, or it is truncated or corrupt.</exception>
    public static TrainerState Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (reader.ReadString() != Magic) throw new InvalidDataException("The stream does not hold a MultiLoss trainer state.");
            var version = reader.ReadInt32();
            if (version < OldestReadableVersion || version > FormatVersion)
            {
                throw new InvalidDataException($"The trainer state has format version {version}; this version of MultiLoss reads versions {OldestReadableVersion} to {FormatVersion}.");
            }
            var trainer = reader.ReadString();
            var stepsTaken = NotNegative(reader.ReadInt64(), "steps taken");
            var phase = reader.ReadInt32();
            var stepsInPhase = NotNegative(reader.ReadInt32(), "steps in the phase");
            var callsInCycle = NotNegative(reader.ReadInt32(), "calls in the accumulation cycle");
            var skippedSteps = NotNegative(reader.ReadInt64(), "skipped steps");
            var gates = new Dictionary<string, bool>();
            for (var count = NotNegative(reader.ReadInt32(), "gate count"); count > 0; count--) gates[reader.ReadString()] = reader.ReadBoolean();
            var values = new Dictionary<string, double[]>();
            for (var count = NotNegative(reader.ReadInt32(), "value count"); count > 0; count--)
            {
                var name = reader.ReadString();
                values[name] = ReadDoubles(reader, NotNegative(reader.ReadInt32(), $"length of '{name}'"));
            }
            var blobs = new Dictionary<string, byte[]>();
            if (version >= 3)
            {
                for (var count = NotNegative(reader.ReadInt32(), "blob count"); count > 0; count--)
                {
                    var name = reader.ReadString();
                    blobs[name] = ReadBytes(reader, NotNegative(reader.ReadInt32(), $"length of '{name}'"));
                }
            }
            return new TrainerState
            {
                Trainer = trainer,
                StepsTaken = stepsTaken,
                Phase = phase,
                StepsInPhase = stepsInPhase,
                CallsInCycle = callsInCycle,
                SkippedSteps = skippedSteps,
                Gates = gates,
                Values = values,
                Blobs = blobs,
            };
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The trainer state is truncated.", e);
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            throw new InvalidDataException("The trainer state is corrupt: " + e.Message, e);
        }
    }

    private static T NotNegative<T>(T value, string what) where T : System.Numerics.INumber<T>
        => T.IsNegative(value) ? throw new InvalidDataException($"The trainer state is corrupt: its {what} is negative ({value}).") : value;

    /// <summary>Reads <paramref name="count"/> doubles without trusting the count for an allocation: a corrupt one ends the stream first.</summary>
    private static double[] ReadDoubles(BinaryReader reader, int count)
    {
        var values = new List<double>(Math.Min(count, 1024));
        for (var i = 0; i < count; i++) values.Add(reader.ReadDouble());
        return values.ToArray();
    }

    /// <summary>Reads <paramref name="count"/> bytes in chunks, so that a corrupt count ends the stream before it allocates.</summary>
    private static byte[] ReadBytes(BinaryReader reader, int count)
    {
        using var bytes = new MemoryStream();
        var chunk = new byte[Math.Min(count, 81920)];
        for (var left = count; left > 0;)
        {
            var read = reader.Read(chunk, 0, Math.Min(left, chunk.Length));
            if (read == 0) throw new EndOfStreamException();
            bytes.Write(chunk, 0, read);
            left -= read;
        }
        return bytes.ToArray();
    }

    /// <summary>Throws unless the state was taken from a trainer of type <paramref name="trainer"/>.</summary>
    public void EnsureFrom(string trainer)
    {
        if (Trainer != trainer)
        {
            throw new ArgumentException($"This state was saved by trainer '{Trainer}' and cannot be restored into '{trainer}'.");
        }
    }

    /// <summary>The saved position in an accumulation cycle of <paramref name="cycle"/> calls.</summary>
    /// <exception cref="ArgumentException">The position is not below <paramref name="cycle"/>: the state was saved with another cycle.</exception>
    public int CallsInCycleOf(int cycle)
    {
        if (CallsInCycle < 0 || CallsInCycle >= cycle)
        {
            throw new ArgumentException(
                $"This state was saved {CallsInCycle} calls into an accumulation cycle, which does not fit this trainer's cycle of {cycle} calls.");
        }
        return CallsInCycle;
    }

    /// <summary>The saved values named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The state holds no such values.</exception>
    public double[] Value(string name)
        => Values.TryGetValue(name, out var values) ? values : throw new ArgumentException($"The trainer state holds no values named '{name}'.", nameof(name));

    /// <summary>The saved data named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The state holds no such data.</exception>
    public byte[] Blob(string name)
        => Blobs.TryGetValue(name, out var bytes) ? bytes : throw new ArgumentException($"The trainer state holds no data named '{name}'.", nameof(name));

    /// <summary>The saved state of gate <paramref name="name"/>; a gate missing from the state is closed.</summary>
    public bool Gate(string name) => Gates.TryGetValue(name, out var open) && open;
}
