using System;

namespace MultiLoss;

/// <summary>The constants of the checkpoint file format (see <see cref="CheckpointWriter"/> for the layout).</summary>
internal static class CheckpointFormat
{
    /// <summary>The format version this MultiLoss writes and reads.</summary>
    public const int Version = 1;

    /// <summary>Signature, version, content length, SHA-256.</summary>
    public const int HeaderLength = 8 + sizeof(int) + sizeof(long) + ChecksumLength;

    /// <summary>The length of a SHA-256.</summary>
    public const int ChecksumLength = 32;

    /// <summary>
    /// The first eight bytes of every checkpoint: 0x89 (not text), "MLCKP", then CR LF, which a transfer that rewrites
    /// line endings would change.
    /// </summary>
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'M', (byte)'L', (byte)'C', (byte)'K', (byte)'P', (byte)'\r', (byte)'\n'];

    /// <summary>The temporary file a checkpoint is written to before it is renamed to <paramref name="fullPath"/>.</summary>
    public static string TemporaryPath(string fullPath) => fullPath + ".tmp";
}
