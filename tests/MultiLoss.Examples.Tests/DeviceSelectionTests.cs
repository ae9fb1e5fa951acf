using Digits.App;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Examples.Tests;

public sealed class DeviceSelectionTests
{
    [TestCase(DeviceChoice.Auto, true, DeviceType.CUDA)]
    [TestCase(DeviceChoice.Auto, false, DeviceType.CPU)]
    [TestCase(DeviceChoice.Cpu, true, DeviceType.CPU)]
    [TestCase(DeviceChoice.Cpu, false, DeviceType.CPU)]
    [TestCase(DeviceChoice.Cuda, true, DeviceType.CUDA)]
    public void PicksTheDevice(DeviceChoice choice, bool cudaAvailable, DeviceType expected)
    {
        Assert.That(DeviceSelection.Resolve(choice, cudaAvailable), Is.EqualTo(expected));
    }

    [Test]
    public void CudaWithoutCudaIsAUsageErrorThatSaysWhatToDo()
    {
        var error = Assert.Throws<UsageException>(() => DeviceSelection.Resolve(DeviceChoice.Cuda, cudaAvailable: false));

        Assert.That(error!.Message, Does.Contain("CUDA is not available").And.Contain("--device cpu"));
    }
}
