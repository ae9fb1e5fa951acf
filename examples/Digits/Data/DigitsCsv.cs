using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;

namespace Digits.Data;

/// <summary>
/// Reads the digits CSV: no header, one image per row, 64 pixel counts (0..16) then the label (0..9).
/// The file may be gzip-compressed (recognised by its magic bytes, whatever its name).
/// </summary>
public static class DigitsCsv
{
    public const int MaxPixelValue = 16;
    public const int ColumnCount = DigitsDataset.PixelCount + 1;

    /// <exception cref="DigitsDataException">The file is missing, unreadable or malformed; the message names the file and line.</exception>
    public static DigitsDataset Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new DigitsDataException($"data file '{path}' does not exist");
        }
        try
        {
            using var file = File.OpenRead(path);
            using var reader = new StreamReader(IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : file);
            return Parse(reader, path);
        }
        catch (InvalidDataException ex)
        {
            throw new DigitsDataException($"data file '{path}' is not a valid gzip file ({ex.Message.TrimEnd('.')})", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DigitsDataException($"data file '{path}' could not be read ({ex.Message.TrimEnd('.')})", ex);
        }
    }

    /// <param name="source">Names the data in error messages.</param>
    /// <exception cref="DigitsDataException">A row is malformed, or there are no rows.</exception>
    public static DigitsDataset Parse(TextReader reader, string source)
    {
        var pixels = new List<float>();
        var labels = new List<long>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            ParseRow(line, pixels, labels, $"data file '{source}' line {lineNumber}");
        }
        if (labels.Count == 0)
        {
            throw new DigitsDataException($"data file '{source}' holds no rows");
        }
        return new DigitsDataset(pixels.ToArray(), labels.ToArray());
    }

    private static void ParseRow(string line, List<float> pixels, List<long> labels, string where)
    {
        var fields = line.Split(',');
        if (fields.Length != ColumnCount)
        {
            throw new DigitsDataException($"{where} has {fields.Length} columns, expected {ColumnCount} (64 pixels, then the label)");
        }
        for (var i = 0; i < DigitsDataset.PixelCount; i++)
        {
            var count = ParseInteger(fields[i], 0, MaxPixelValue, where, $"pixel {i + 1}");
            pixels.Add(count / (float)MaxPixelValue);
        }
        labels.Add(ParseInteger(fields[^1], 0, DigitsDataset.ClassCount - 1, where, "the label"));
    }

    private static int ParseInteger(string field, int min, int max, string where, string what)
    {
        // Accepts "3" and "3.0": both spellings occur in exports of this data set.
        if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || value != Math.Floor(value) || value < min || value > max)
        {
            throw new DigitsDataException($"{where}: {what} is '{field.Trim()}', expected a whole number from {min} to {max}");
        }
        return (int)value;
    }

    private static bool IsGzip(Stream stream)
    {
        Span<byte> magic = stackalloc byte[2];
        var read = stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }
}
