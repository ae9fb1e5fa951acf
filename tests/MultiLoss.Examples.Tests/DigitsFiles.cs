using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;

namespace MultiLoss.Examples.Tests;

/// <summary>The shipped data file, and small hand-made digits CSVs for the bad-input cases.</summary>
internal static class DigitsFiles
{
    public static string Shipped => Path.Combine(AppContext.BaseDirectory, "data", "digits.csv.gz");

    /// <summary>A valid row: 64 pixel counts then the label.</summary>
    public static string Row(int label, int pixel = 5) => string.Join(",", Enumerable.Repeat(pixel.ToString(), 64)) + "," + label;

    public static string WriteText(string path, string content)
    {
        File.WriteAllText(path, content);
        return path;
    }

    public static string WriteGzip(string path, string content)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        gzip.Write(Encoding.UTF8.GetBytes(content));
        return path;
    }
}
