using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss;

/// <summary>
/// A model's parameters and buffers (its <c>state_dict</c>) in a checkpoint: first every tensor's name, dtype and
/// shape, then their bytes in the same order. The names, dtypes and shapes are checked against the model before any
/// byte is copied into it.
/// </summary>
internal static class ModelSection
{
    public const string Name = "model";
    private const int BufferSize = 1 << 16;
    private const int MostDifferencesShown = 5;

    public static void Write(BinaryWriter writer, nn.Module model)
    {
        var tensors = model.state_dict();
        writer.Write(tensors.Count);
        foreach (var (name, tensor) in tensors)
        {
            writer.Write(name);
            writer.Write((int)tensor.dtype);
            writer.Write((int)tensor.ndim);
            foreach (var size in tensor.shape) writer.Write(size);
        }
        writer.Flush();
        foreach (var (_, tensor) in tensors)
        {
            using var scope = NewDisposeScope();
            tensor.detach().cpu().contiguous().WriteBytesToStream(writer.BaseStream, BufferSize);
        }
    }

    /// <summary>The model's tensors in the order of the checkpoint's, each with its saved dtype and shape, and where their bytes start.</summary>
    public sealed record Matched(IReadOnlyList<(Tensor Target, ScalarType Type, long[] Shape)> Tensors, long DataStart);

    /// <summary>Reads the names, dtypes and shapes, and pairs each with the model's tensor of that name.</summary>
    /// <exception cref="InvalidDataException">The checkpoint's tensors and the model's differ (names, dtypes or shapes).</exception>
    public static Matched Match(CheckpointReader file, nn.Module model)
    {
        var reader = file.Section(Name);
        var saved = ReadLayout(file, reader);
        var dataStart = file.Stream.Position;
        var targets = model.state_dict();
        var differences = new List<string>();
        var matched = new List<(Tensor, ScalarType, long[])>(saved.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, type, shape) in saved)
        {
            seen.Add(name);
            if (!targets.TryGetValue(name, out var target))
            {
                differences.Add($"it holds '{name}' ({type}{Format(shape)}), which the model does not have");
                continue;
            }
            if (target.dtype != type || !target.shape.AsSpan().SequenceEqual(shape))
            {
                differences.Add($"'{name}' is {type}{Format(shape)} in the checkpoint and {target.dtype}{Format(target.shape)} in the model");
                continue;
            }
            matched.Add((target, type, shape));
        }
        foreach (var (name, target) in targets)
        {
            if (!seen.Contains(name)) differences.Add($"the model's '{name}' ({target.dtype}{Format(target.shape)}) is not in it");
        }
        if (differences.Count > 0)
        {
            var shown = differences.Count <= MostDifferencesShown
                ? string.Join("; ", differences)
                : string.Join("; ", differences.GetRange(0, MostDifferencesShown)) + string.Create(CultureInfo.InvariantCulture, $"; and {differences.Count - MostDifferencesShown} more");
            throw file.Error(
                $"does not fit the model: {shown}",
                "Build the model as it was when the checkpoint was saved (the same layers, sizes and dtype), then load.");
        }
        long bytes = 0;
        foreach (var (target, _, _) in matched) bytes += target.ElementSize * target.numel();
        var held = file.SectionEnd(Name) - dataStart;
        if (held != bytes)
        {
            throw file.Error(
                string.Create(CultureInfo.InvariantCulture, $"is corrupt: its model section holds {held} bytes of values where its tensors' shapes need {bytes}"),
                "Use a file written by Checkpoint.Save.");
        }
        return new Matched(matched, dataStart);
    }

    /// <summary>Copies the tensors' bytes, which follow the layout that <see cref="Match"/> read, into the model.</summary>
    public static void CopyInto(CheckpointReader file, Matched matched)
    {
        using var noGrad = no_grad();
        file.Stream.Position = matched.DataStart;
        foreach (var (target, type, shape) in matched.Tensors)
        {
            using var host = empty(shape, type);
            host.ReadBytesFromStream(file.Stream, BufferSize);
            target.copy_(host);
        }
        file.EnsureRead(Name);
    }

    private static List<(string Name, ScalarType Type, long[] Shape)> ReadLayout(CheckpointReader file, BinaryReader reader)
    {
        try
        {
            var count = reader.ReadInt32();
            if (count < 0) throw new InvalidDataException("a negative tensor count");
            var layout = new List<(string, ScalarType, long[])>(Math.Min(count, 4096));
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                var type = (ScalarType)reader.ReadInt32();
                if (!Enum.IsDefined(type)) throw new InvalidDataException($"'{name}' has an unknown dtype");
                var rank = reader.ReadInt32();
                if (rank < 0 || rank > 64) throw new InvalidDataException($"'{name}' has a rank of {rank}");
                var shape = new long[rank];
                for (var d = 0; d < rank; d++) shape[d] = reader.ReadInt64();
                layout.Add((name, type, shape));
            }
            return layout;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or DecoderFallbackException)
        {
            throw file.Error($"has a model section that cannot be read ({e.Message})", "Use a file written by Checkpoint.Save.", e);
        }
    }

    private static string Format(ReadOnlySpan<long> shape)
    {
        var text = new StringBuilder(" [");
        for (var i = 0; i < shape.Length; i++)
        {
            if (i > 0) text.Append(", ");
            text.Append(shape[i].ToString(CultureInfo.InvariantCulture));
        }
        return text.Append(']').ToString();
    }
}
