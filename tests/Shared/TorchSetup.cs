using MultiLoss.Runtime;
using NUnit.Framework;

/// <summary>
/// Loads libtorch once for the whole test assembly (a set-up fixture outside any namespace), on one thread so that the
/// tests' numbers and live-tensor counts are reproducible; a machine that cannot load it fails here with the fix in the
/// message. Linked into each test project that runs Torch.
/// </summary>
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
