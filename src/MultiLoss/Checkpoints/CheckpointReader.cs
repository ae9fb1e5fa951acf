using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace MultiLoss;

/// <summary>
/// Opens a checkpoint file written by <see cref="CheckpointWriter"/> and checks it whole — signature, version, length
/// and checksum — before anything is read from it; then reads its sections by name. Every problem is an
/// <see cref="InvalidDataException"/> that names the file, what is wrong and what to do.
/// </summary>
internal sealed class CheckpointReader : IDisposable
{
    private const int BufferSize = 1 << 16;
    private const int MostSections = 64;

    private readonly FileStream file;
    private readonly Dictionary<string, (long Start, long Length)> sections = new(StringComparer.Ordinal);

    private CheckpointReader(string path, FileStream file)
    {
        Path = path;
        this.file = file;
        Reader = new BinaryReader(file, Encoding.UTF8, leaveOpen: true);
    }

    /// <summary>The path as the caller gave it, for messages.</summary>
    public string Path { get; }

    /// <summary>Reads the section that <see cref="Section"/> moved to.</summary>
    public BinaryReader Reader { get; }

    /// <summary>Opens and checks the file.</summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint, of another version, truncated or corrupt.</exception>
    public static CheckpointReader Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize);
        var reader = new CheckpointReader(path, file);
        try
        {
            reader.Check();
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>True when the file holds a section named <paramref name="name"/>.</summary>
    public bool Has(string name) => sections.ContainsKey(name);

    /// <summary>Moves to the start of section <paramref name="name"/> and returns the reader.</summary>
    public BinaryReader Section(string name)
    {
        if (!sections.TryGetValue(name, out var section)) throw Error($"has no '{name}' section, which every checkpoint of format version {CheckpointFormat.Version} has", "Use a file written by Checkpoint.Save.");
        file.Position = section.Start;
        return Reader;
    }

    /// <summary>The stream, at the position of <see cref="Reader"/>, for readers that take a stream.</summary>
    public Stream Stream => file;

    /// <summary>The position just after the last byte of section <paramref name="name"/>.</summary>
    public long SectionEnd(string name) => sections[name].Start + sections[name].Length;

    /// <summary>True when section <paramref name="name"/> was read to its last byte and no further.</summary>
    public bool WasReadWhole(string name)
    {
        var (start, length) = sections[name];
        return file.Position - start == length;
    }

    /// <summary>Throws unless section <paramref name="name"/> was read to its last byte and no further.</summary>
    public void EnsureRead(string name)
    {
        var (start, length) = sections[name];
        var read = file.Position - start;
        if (read != length)
        {
            throw Error(
                string.Create(CultureInfo.InvariantCulture, $"has a '{name}' section of {length} bytes, of which {read} were read"),
                "The section was written by another program than Checkpoint.Save; use a file that Checkpoint.Save wrote.");
        }
    }

    /// <summary>An <see cref="InvalidDataException"/> that says: '<c>path</c>' <paramref name="what"/>. <paramref name="fix"/></summary>
    public InvalidDataException Error(string what, string fix, Exception? inner = null)
        => new($"The checkpoint '{Path}' {what}. {fix}", inner);

    private void Check()
    {
        Span<byte> header = stackalloc byte[CheckpointFormat.HeaderLength];
        var headerRead = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (headerRead == 0) throw Error("is empty", "Use another copy of it or an earlier checkpoint.");
        var signature = CheckpointFormat.Signature;
        var signatureRead = Math.Min(headerRead, signature.Length);
        if (!header[..signatureRead].SequenceEqual(signature[..signatureRead]))
        {
            throw Error(
                "is not a MultiLoss checkpoint: it does not start with the checkpoint signature",
                "Pass a file written by Checkpoint.Save (a model saved with module.save loads with module.load, an optimizer's state with load_state_dict).");
        }
        if (headerRead < header.Length)
        {
            throw Error(
                string.Create(CultureInfo.InvariantCulture, $"is truncated: it ends after {headerRead} bytes, inside its {CheckpointFormat.HeaderLength}-byte header"),
                TruncatedFix);
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(header[8..12]);
        if (version != CheckpointFormat.Version)
        {
            throw Error(
                string.Create(CultureInfo.InvariantCulture, $"has format version {version}, and this version of MultiLoss reads version {CheckpointFormat.Version}"),
                "Load it with the version of MultiLoss that wrote it.");
        }
        var contentLength = BinaryPrimitives.ReadInt64LittleEndian(header[12..20]);
        var actualLength = file.Length - CheckpointFormat.HeaderLength;
        if (actualLength < contentLength)
        {
            throw Error(
                string.Create(CultureInfo.InvariantCulture, $"is truncated: it holds {actualLength} bytes of content where its header announces {contentLength}"),
                TruncatedFix);
        }
        if (actualLength > contentLength)
        {
            throw Error(
                string.Create(CultureInfo.InvariantCulture, $"is corrupt: it holds {actualLength - contentLength} bytes after the end its header announces"),
                "Use another copy of it or an earlier checkpoint.");
        }
        var checksum = SHA256.HashData(file);
        if (!checksum.AsSpan().SequenceEqual(header[20..]))
        {
            throw Error("is corrupt: its content does not match the SHA-256 checksum in its header", "Use another copy of it or an earlier checkpoint.");
        }
        ReadSectionTable(contentLength);
    }

    private const string TruncatedFix =
        "Checkpoint.Save never leaves a file like this (it renames a complete file into place), so the file was cut off " +
        "afterwards (a copy that did not finish, a full disk): use another copy of it or an earlier checkpoint.";

    private void ReadSectionTable(long contentLength)
    {
        // The checksum matched, so the table is as Checkpoint.Save wrote it; the bounds are checked all the same.
        file.Position = CheckpointFormat.HeaderLength;
        var end = CheckpointFormat.HeaderLength + contentLength;
        try
        {
            var count = Reader.ReadInt32();
            if (count < 0 || count > MostSections) throw new InvalidDataException();
            for (var i = 0; i < count; i++)
            {
                var name = Reader.ReadString();
                var length = Reader.ReadInt64();
                var start = file.Position;
                if (length < 0 || length > end - start) throw new InvalidDataException();
                sections[name] = (start, length);
                file.Position = start + length;
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or DecoderFallbackException)
        {
            throw Error("is corrupt: its table of sections does not fit its length", "Use a file written by Checkpoint.Save.", e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Reader.Dispose();
        file.Dispose();
    }
}
