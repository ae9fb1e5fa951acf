using System.Collections.Generic;

namespace MultiLoss.Logging.Tests.EventFormat;

/// <summary>
/// Decodes an <c>Event</c> with the field numbers of TensorFlow's event.proto and summary.proto, without any protobuf
/// library: Event.wall_time = 1 (double), step = 2 (int64), file_version = 3 (string), summary = 5; Summary.value = 1;
/// Summary.Value.tag = 1 (string), simple_value = 2 (float). A known field with the wrong wire type throws.
/// </summary>
public static class EventDecoder
{
    public static ParsedEvent Decode(byte[] data)
    {
        var reader = new WireReader(data);
        var wallTime = 0.0;
        var step = 0L;
        string? fileVersion = null;
        List<ParsedValue>? summary = null;
        var unknown = new List<string>();
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadKey();
            switch (field)
            {
                case 1:
                    Require("Event.wall_time", wireType, WireReader.Fixed64);
                    wallTime = reader.ReadDouble();
                    break;
                case 2:
                    Require("Event.step", wireType, WireReader.Varint);
                    step = (long)reader.ReadVarint();
                    break;
                case 3:
                    Require("Event.file_version", wireType, WireReader.LengthDelimited);
                    fileVersion = reader.ReadString();
                    break;
                case 5:
                    Require("Event.summary", wireType, WireReader.LengthDelimited);
                    summary ??= [];
                    ReadSummary(reader.ReadMessage(), summary, unknown);
                    break;
                default:
                    unknown.Add($"Event.{field}");
                    reader.Skip(wireType);
                    break;
            }
        }
        return new ParsedEvent(wallTime, step, fileVersion, summary, unknown);
    }

    private static void ReadSummary(WireReader summary, List<ParsedValue> values, List<string> unknown)
    {
        while (!summary.AtEnd)
        {
            var (field, wireType) = summary.ReadKey();
            if (field != 1)
            {
                unknown.Add($"Summary.{field}");
                summary.Skip(wireType);
                continue;
            }
            Require("Summary.value", wireType, WireReader.LengthDelimited);
            values.Add(ReadValue(summary.ReadMessage(), unknown));
        }
    }

    private static ParsedValue ReadValue(WireReader value, List<string> unknown)
    {
        var tag = "";
        float? simpleValue = null;
        while (!value.AtEnd)
        {
            var (field, wireType) = value.ReadKey();
            switch (field)
            {
                case 1:
                    Require("Summary.Value.tag", wireType, WireReader.LengthDelimited);
                    tag = value.ReadString();
                    break;
                case 2:
                    Require("Summary.Value.simple_value", wireType, WireReader.Fixed32);
                    simpleValue = value.ReadFloat();
                    break;
                default:
                    unknown.Add($"Summary.Value.{field}");
                    value.Skip(wireType);
                    break;
            }
        }
        return new ParsedValue(tag, simpleValue);
    }

    private static void Require(string field, int wireType, int expected)
    {
        if (wireType != expected) throw new EventFormatException($"{field} has wire type {wireType}, expected {expected}");
    }
}
