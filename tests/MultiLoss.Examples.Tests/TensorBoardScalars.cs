using System.Collections.Generic;
using System.IO;

namespace MultiLoss.Examples.Tests;

/// <summary>
/// The scalars of the TensorBoard event files in a folder: records of an 8-byte length, a checksum, the serialized
/// event (parsed with the protobuf classes TorchSharp writes it with) and another checksum.
/// </summary>
internal static class TensorBoardScalars
{
    public static List<(string Tag, float Value, long Step)> Read(string folder)
    {
        var scalars = new List<(string, float, long)>();
        foreach (var path in Directory.GetFiles(folder, "events.out.tfevents.*"))
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            while (reader.BaseStream.Position < reader.BaseStream.Length)
            {
                var length = reader.ReadInt64();
                reader.ReadUInt32();
                var evnt = Tensorboard.Event.Parser.ParseFrom(reader.ReadBytes(checked((int)length)));
                reader.ReadUInt32();
                if (evnt.Summary is null) continue;
                foreach (var value in evnt.Summary.Value) scalars.Add((value.Tag, value.SimpleValue, evnt.Step));
            }
        }
        return scalars;
    }
}
