using TorchSharp;

namespace Digits.App;

public enum DeviceChoice
{
    Auto,
    Cpu,
    Cuda,
}

public static class DeviceSelection
{
    /// <summary>The device type to train on: CUDA when asked for or (for <see cref="DeviceChoice.Auto"/>) when available, else the CPU.</summary>
    /// <exception cref="UsageException">CUDA was asked for but is not available.</exception>
    public static DeviceType Resolve(DeviceChoice choice, bool cudaAvailable) => choice switch
    {
        DeviceChoice.Cpu => DeviceType.CPU,
        DeviceChoice.Cuda when cudaAvailable => DeviceType.CUDA,
        DeviceChoice.Cuda => throw new UsageException(
            "--device cuda was asked for, but CUDA is not available (no GPU or driver, or a CPU-only build); " +
            "use --device cpu or auto, or build with -p:TorchBackend=cuda on a machine with a GPU"),
        _ => cudaAvailable ? DeviceType.CUDA : DeviceType.CPU,
    };
}
