using MultiLoss.Runtime;
using NUnit.Framework;

namespace MultiLoss.Methods.Tests;

/// <summary>Loads libtorch once, on one thread, so that the tests' numbers and live-tensor counts are reproducible.</summary>
[SetUpFixture]
public sealed class TorchSetup
{
    [OneTimeSetUp]
    public void LoadTorch()
    {
        TorchNative.EnsureAvailable();
        TorchSharp.torch.set_num_threads(1);
    }
}
