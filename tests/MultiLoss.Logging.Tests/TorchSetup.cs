using MultiLoss.Runtime;
using NUnit.Framework;

namespace MultiLoss.Logging.Tests;

/// <summary>Loads libtorch once; a machine that cannot load it fails here with the fix in the message.</summary>
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
