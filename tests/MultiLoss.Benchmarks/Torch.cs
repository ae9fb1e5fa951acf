using MultiLoss.Runtime;
using TorchSharp;

namespace MultiLoss.Benchmarks;

internal static class Torch
{
    /// <summary>Threads used by libtorch's intra-op pool in every benchmark.</summary>
    public const int Threads = 1;

    /// <summary>Loads libtorch (with a clear message if it cannot) and pins it to <see cref="Threads"/> thread.</summary>
    public static void UseOneThread()
    {
        TorchNative.EnsureAvailable();
        torch.set_num_threads(Threads);
    }
}
