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
    private const int FormatVersion = 2;

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
    }

    /// <summary>Reads a state written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The stream does not hold a trainer state of a known version.</exception>
    public static TrainerState Load(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (reader.ReadString() != Magic) throw new InvalidDataException("The stream does not hold a MultiLoss trainer state.");
            var version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"The trainer state has format version {version}; this version of MultiLoss reads version {FormatVersion}.");
            }
            var trainer = reader.ReadString();
            var stepsTaken = reader.ReadInt64();
            var phase = reader.ReadInt32();
            var stepsInPhase = reader.ReadInt32();
            var callsInCycle = reader.ReadInt32();
            var skippedSteps = reader.ReadInt64();
            var gates = new Dictionary<string, bool>();
            for (var count = reader.ReadInt32(); count > 0; count--) gates[reader.ReadString()] = reader.ReadBoolean();
            var values = new Dictionary<string, double[]>();
            for (var count = reader.ReadInt32(); count > 0; count--)
            {
                var name = reader.ReadString();
                var array = new double[reader.ReadInt32()];
                for (var i = 0; i < array.Length; i++) array[i] = reader.ReadDouble();
                values[name] = array;
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
            };
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The trainer state is truncated.", e);
        }
    }

    /// <summary>Throws unless the state was taken from a trainer of type <paramref name="trainer"/>.</summary>
    public void EnsureFrom(string trainer)
    {
        if (Trainer != trainer)
        {
            throw new ArgumentException($"This state was saved by trainer '{Trainer}' and cannot be restored into '{trainer}'.");
        }
    }

    /// <summary>The saved values named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The state holds no such values.</exception>
    public double[] Value(string name)
        => Values.TryGetValue(name, out var values) ? values : throw new ArgumentException($"The trainer state holds no values named '{name}'.", nameof(name));

    /// <summary>The saved state of gate <paramref name="name"/>; a gate missing from the state is closed.</summary>
    public bool Gate(string name) => Gates.TryGetValue(name, out var open) && open;
}
