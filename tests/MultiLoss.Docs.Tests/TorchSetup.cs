using MultiLoss.Runtime;
using NUnit.Framework;

namespace MultiLoss.Docs.Tests;

/// <summary>Loads libtorch once, for the programs the docs show; a machine that cannot load it fails here with the fix.</summary>
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
