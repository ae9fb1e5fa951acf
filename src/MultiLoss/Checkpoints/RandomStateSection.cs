using System.Globalization;
using System.IO;
using static TorchSharp.torch;

namespace MultiLoss;

/// <summary>
/// The state of torch's default CPU generator (<c>torch.get_rng_state()</c>) in a checkpoint, so that what draws from
/// it after a resume (dropout, <c>randperm</c> over the data) draws what the uninterrupted run drew.
/// </summary>
internal static class RandomStateSection
{
    public const string Name = "random";

    public static void Write(BinaryWriter writer)
    {
        using var state = get_rng_state();
        var bytes = state.bytes;
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    /// <summary>Reads the saved state and checks that it fits this generator (its length).</summary>
    /// <exception cref="EndOfStreamException">The section ends early.</exception>
    /// <exception cref="InvalidDataException">The state has another length than this generator's.</exception>
    public static byte[] Read(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        using var current = get_rng_state();
        if (length != current.bytes.Length)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"a generator state of {length} bytes where this libtorch's has {current.bytes.Length}"));
        }
        var bytes = reader.ReadBytes(length);
        if (bytes.Length != length) throw new EndOfStreamException();
        return bytes;
    }

    public static void Restore(byte[] state)
    {
        using var saved = tensor(state);
        set_rng_state(saved);
    }
}
