using MultiLoss.Runtime;
using NUnit.Framework;

namespace MultiLoss.Analyzers.Tests.Runs;

/// <summary>Loads libtorch once for the tests that train (only these: the analyzer tests never run Torch), on one thread.</summary>
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
