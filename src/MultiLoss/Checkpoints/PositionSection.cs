using System.Collections.Generic;
using System.IO;

namespace MultiLoss;

/// <summary>A <see cref="TrainingPosition"/> in a checkpoint: epoch, batch, then the values by name.</summary>
internal static class PositionSection
{
    public const string Name = "position";

    public static void Write(BinaryWriter writer, TrainingPosition position)
    {
        writer.Write(position.Epoch);
        writer.Write(position.BatchInEpoch);
        writer.Write(position.Values.Count);
        foreach (var (name, value) in position.Values)
        {
            writer.Write(name);
            writer.Write(value);
        }
    }

    /// <exception cref="EndOfStreamException">The section ends early.</exception>
    /// <exception cref="InvalidDataException">A number is out of range.</exception>
    public static TrainingPosition Read(BinaryReader reader)
    {
        var epoch = reader.ReadInt32();
        var batch = reader.ReadInt32();
        var count = reader.ReadInt32();
        if (epoch < 0 || batch < 0 || count < 0) throw new InvalidDataException("a negative epoch, batch or value count");
        var values = new Dictionary<string, double>(System.Math.Min(count, 1024), System.StringComparer.Ordinal);
        for (var i = 0; i < count; i++) values[reader.ReadString()] = reader.ReadDouble();
        return new TrainingPosition(epoch, batch, values);
    }
}
