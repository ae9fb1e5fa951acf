using System.Collections.Generic;
using System.IO;

namespace MultiLoss.Logging.Tests.EventFormat;

/// <summary>
/// Reads TensorBoard event files with this folder's own TFRecord reader and protobuf decoder (no TorchSharp, no
/// protobuf library): the second opinion beside <see cref="EventFile"/>, which parses with TorchSharp's classes.
/// </summary>
public static class IndependentEventReader
{
    /// <summary>Every event of one file, in order; the file may be open for writing.</summary>
    public static List<ParsedEvent> ReadEvents(string path)
    {
        var events = new List<ParsedEvent>();
        foreach (var record in TfRecordReader.ReadRecords(ReadShared(path))) events.Add(EventDecoder.Decode(record));
        return events;
    }

    /// <summary>The scalars of every event file in <paramref name="folder"/> (files in name order), as <see cref="EventFile"/> returns them.</summary>
    public static List<Scalar> ReadScalars(string folder)
    {
        var scalars = new List<Scalar>();
        var paths = Directory.GetFiles(folder, "events.out.tfevents.*");
        System.Array.Sort(paths, System.StringComparer.Ordinal);
        foreach (var path in paths)
        {
            foreach (var evnt in ReadEvents(path))
            {
                if (evnt.Summary is null) continue;
                foreach (var value in evnt.Summary)
                {
                    if (value.SimpleValue is { } number) scalars.Add(new Scalar(value.Tag, number, evnt.Step));
                }
            }
        }
        return scalars;
    }

    /// <summary>The file's bytes as far as they were flushed, read while a writer may still hold it open.</summary>
    public static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
