using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using MultiFashion.Data;

namespace MultiLoss.MultiFashion.Tests;

/// <summary>
/// Small IDX files in Fashion-MNIST's format, made up by the tests: image k has class k mod 10 and is a bright square
/// whose place depends on its class, with some noise, so that a network can learn something from a few hundred.
/// </summary>
internal static class SyntheticIdx
{
    public static byte[] Images(int count, int side = ImageSet.Side, int seed = 1)
    {
        var random = new Random(seed);
        var bytes = new byte[16 + count * side * side];
        Header(bytes, IdxFile.ImagesMagic, count, side, side);
        for (var k = 0; k < count; k++)
        {
            var image = bytes.AsSpan(16 + k * side * side, side * side);
            var label = k % ImageSet.ClassCount;
            for (var i = 0; i < image.Length; i++)
            {
                var (row, column) = (i / side, i % side);
                var inSquare = row / 7 == label / 4 && column / 7 == label % 4;
                image[i] = (byte)(inSquare ? 200 + random.Next(56) : random.Next(40));
            }
        }
        return bytes;
    }

    public static byte[] Labels(int count)
    {
        var bytes = new byte[8 + count];
        Header(bytes, IdxFile.LabelsMagic, count);
        for (var k = 0; k < count; k++) bytes[8 + k] = (byte)(k % ImageSet.ClassCount);
        return bytes;
    }

    /// <summary>Writes the four files of a Fashion-MNIST folder, gzipped or not.</summary>
    public static string WriteFolder(string folder, int trainCount, int testCount, bool gzip = true)
    {
        Directory.CreateDirectory(folder);
        Write(Path.Combine(folder, FashionMnistFolder.TrainImages), Images(trainCount, seed: 1), gzip);
        Write(Path.Combine(folder, FashionMnistFolder.TrainLabels), Labels(trainCount), gzip);
        Write(Path.Combine(folder, FashionMnistFolder.TestImages), Images(testCount, seed: 2), gzip);
        Write(Path.Combine(folder, FashionMnistFolder.TestLabels), Labels(testCount), gzip);
        return folder;
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>, or gzipped to <paramref name="path"/>.gz; returns the path written.</summary>
    public static string Write(string path, byte[] bytes, bool gzip)
    {
        if (!gzip)
        {
            File.WriteAllBytes(path, bytes);
            return path;
        }
        using var file = File.Create(path + ".gz");
        using var compressed = new GZipStream(file, CompressionLevel.Fastest);
        compressed.Write(bytes);
        return path + ".gz";
    }

    private static void Header(byte[] bytes, int magic, params int[] sizes)
    {
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (var i = 0; i < sizes.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), sizes[i]);
    }
}
