using System.Collections.Generic;
using System.IO;

namespace MultiLoss.Logging.Tests;

/// <summary>One scalar of a TensorBoard event file.</summary>
public readonly record struct Scalar(string Tag, float Value, long Step);

/// <summary>
/// Reads the scalars back from TensorBoard event files: records of an 8-byte length, a 4-byte checksum, the serialized
/// event and another checksum; each event parsed with the protobuf classes TorchSharp writes them with.
/// </summary>
public static class EventFile
{
    public static List<Scalar> ReadScalars(string folder)
    {
        var scalars = new List<Scalar>();
        foreach (var path in Directory.GetFiles(folder, "events.out.tfevents.*"))
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            while (reader.BaseStream.Position < reader.BaseStream.Length)
            {
                var length = reader.ReadInt64();
                reader.ReadUInt32();
                var data = reader.ReadBytes(checked((int)length));
                reader.ReadUInt32();
                var evnt = Tensorboard.Event.Parser.ParseFrom(data);
                if (evnt.Summary is null) continue;
                foreach (var value in evnt.Summary.Value) scalars.Add(new Scalar(value.Tag, value.SimpleValue, evnt.Step));
            }
        }
        return scalars;
    }
}
