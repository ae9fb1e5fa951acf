using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace MultiFashion.Data;

/// <summary>
/// Reads the IDX files MNIST and Fashion-MNIST come in: a 4-byte magic number (two zero bytes, the element type 0x08
/// for unsigned bytes, the number of dimensions), each dimension's size as a big-endian 32-bit integer, then the
/// elements. A file may be gzip-compressed (recognised by its magic bytes, whatever its name).
/// </summary>
public static class IdxFile
{
    /// <summary>Unsigned bytes in three dimensions: images × rows × columns.</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Unsigned bytes in one dimension: one label per image.</summary>
    public const int LabelsMagic = 0x00000801;

    /// <exception cref="FashionDataException">Missing, unreadable, not unsigned-byte images, not 28×28, or truncated.</exception>
    public static byte[] ReadImages(string path, out int count)
    {
        var bytes = ReadAllBytes(path);
        var header = ReadHeader(bytes, path, ImagesMagic, "images", dimensions: 3);
        count = header[0];
        if (header[1] != ImageSet.Side || header[2] != ImageSet.Side)
        {
            throw new FashionDataException($"'{path}' holds images of {header[1]}×{header[2]} pixels; expected {ImageSet.Side}×{ImageSet.Side}");
        }
        return Payload(bytes, path, HeaderLength(3), (long)count * ImageSet.PixelCount, $"{count} images of {ImageSet.Side}×{ImageSet.Side} pixels");
    }

    /// <exception cref="FashionDataException">Missing, unreadable, not unsigned-byte labels, truncated, or a label outside 0..9.</exception>
    public static byte[] ReadLabels(string path)
    {
        var bytes = ReadAllBytes(path);
        var count = ReadHeader(bytes, path, LabelsMagic, "labels", dimensions: 1)[0];
        var labels = Payload(bytes, path, HeaderLength(1), count, $"{count} labels");
        var bad = Array.FindIndex(labels, label => label >= ImageSet.ClassCount);
        if (bad >= 0)
        {
            throw new FashionDataException($"'{path}': label {bad + 1} is {labels[bad]}; a class must be 0 to {ImageSet.ClassCount - 1}");
        }
        return labels;
    }

    private static int HeaderLength(int dimensions) => 4 + 4 * dimensions;

    private static int[] ReadHeader(byte[] bytes, string path, int magic, string what, int dimensions)
    {
        if (bytes.Length >= 4 && BinaryPrimitives.ReadInt32BigEndian(bytes) is var found && found != magic)
        {
            throw new FashionDataException($"'{path}' starts with the magic number 0x{found:x8}, not 0x{magic:x8} (an IDX file of {what}); is it the right file?");
        }
        if (bytes.Length < HeaderLength(dimensions))
        {
            throw new FashionDataException($"'{path}' is truncated: {bytes.Length} bytes, shorter than the {HeaderLength(dimensions)}-byte header of an IDX file of {what}");
        }
        var sizes = new int[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            sizes[i] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * i));
            if (sizes[i] < 0) throw new FashionDataException($"'{path}': its header gives dimension {i + 1} the size {sizes[i]}");
        }
        return sizes;
    }

    private static byte[] Payload(byte[] bytes, string path, int offset, long length, string announced)
    {
        var held = bytes.Length - offset;
        if (held < length)
        {
            throw new FashionDataException($"'{path}' is truncated: its header announces {announced} ({length} bytes), but it holds {held}");
        }
        if (held > length)
        {
            throw new FashionDataException($"'{path}' is longer than its header says: it announces {announced} ({length} bytes), but it holds {held}");
        }
        return bytes[offset..];
    }

    private static byte[] ReadAllBytes(string path)
    {
        if (!File.Exists(path)) throw new FashionDataException($"'{path}' does not exist");
        try
        {
            using var file = File.OpenRead(path);
            using var content = new MemoryStream();
            if (IsGzip(file))
            {
                using var gzip = new GZipStream(file, CompressionMode.Decompress);
                gzip.CopyTo(content);
            }
            else
            {
                file.CopyTo(content);
            }
            return content.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new FashionDataException($"'{path}' is not a valid gzip file ({ex.Message.TrimEnd('.')})", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FashionDataException($"'{path}' could not be read ({ex.Message.TrimEnd('.')})", ex);
        }
    }

    private static bool IsGzip(Stream stream)
    {
        Span<byte> magic = stackalloc byte[2];
        var read = stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }
}
