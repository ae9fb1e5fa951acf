using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace MultiLoss;

/// <summary>
/// Writes a checkpoint file atomically: into a temporary file beside it, flushed to the disk, then renamed over it, so
/// that the path holds either the previous checkpoint or the complete new one, never a part.
/// </summary>
/// <remarks>
/// The layout, all integers little-endian: the signature (<see cref="CheckpointFormat.Signature"/>), the format
/// version (int32), the length of the content (int64) and its SHA-256 (32 bytes); then the content: the number of
/// sections (int32), and each section as its name (a length-prefixed UTF-8 string), its length in bytes (int64) and
/// its bytes.
/// </remarks>
internal static class CheckpointWriter
{
    private const int BufferSize = 1 << 16;

    /// <summary>Writes <paramref name="sections"/> to <paramref name="path"/>; on failure the path is as it was and the temporary file is removed.</summary>
    public static void Write(string path, IReadOnlyList<CheckpointSection> sections)
    {
        var fullPath = Path.GetFullPath(path);
        var temporary = CheckpointFormat.TemporaryPath(fullPath);
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, BufferSize))
            {
                WriteContent(file, sections);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void WriteContent(FileStream file, IReadOnlyList<CheckpointSection> sections)
    {
        // The header is written last, once the checksum is known: a file cut off before then has no signature.
        file.Write(new byte[CheckpointFormat.HeaderLength]);
        using var writer = new BinaryWriter(file, Encoding.UTF8, leaveOpen: true);
        writer.Write(sections.Count);
        foreach (var section in sections)
        {
            writer.Write(section.Name);
            var lengthAt = file.Position;
            writer.Write(0L);
            section.Write(writer);
            writer.Flush();
            var end = file.Position;
            file.Position = lengthAt;
            writer.Write(end - lengthAt - sizeof(long));
            writer.Flush();
            file.Position = end;
        }
        writer.Flush();

        var contentLength = file.Length - CheckpointFormat.HeaderLength;
        file.Position = CheckpointFormat.HeaderLength;
        var checksum = SHA256.HashData(file);
        file.Position = 0;
        file.Write(CheckpointFormat.Signature);
        writer.Write(CheckpointFormat.Version);
        writer.Write(contentLength);
        writer.Write(checksum);
        writer.Flush();
    }

    private static void TryDelete(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (IOException)
        {
            // The write's own exception is the one to report; a leftover temporary file is overwritten by the next save.
        }
        catch (System.UnauthorizedAccessException)
        {
        }
    }
}
