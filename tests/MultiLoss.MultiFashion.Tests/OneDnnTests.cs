using System;
using System.Linq;
using MultiFashion.App;
using MultiFashion.Data;
using MultiFashion.Model;
using MultiFashion.Strategies;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.MultiFashion.Tests;

/// <summary>
/// The example turns libtorch's oneDNN kernels off on the CPU: with them, the convolution backward pass of this build
/// gives NaN gradients at random (a fresh network in about 50 failed, on the synthetic data below).
/// </summary>
[NonParallelizable]
public sealed class OneDnnTests
{
    [Test]
    public void It_is_turned_off_for_the_process()
    {
        Assert.That(OneDnn.TryDisable(), Is.True, "libtorch_cpu's switch is reachable on Linux");
        Assert.That(OneDnn.IsEnabled(), Is.False);
    }

    [Test]
    public void Without_it_fresh_networks_get_finite_gradients_at_the_first_step()
    {
        OneDnn.TryDisable();
        torch.set_num_threads(1);
        var images = new ImageSet(SyntheticIdx.Images(320)[16..], SyntheticIdx.Labels(320)[8..]);
        var failed = 0;
        for (var attempt = 0; attempt < 300; attempt++)
        {
            using var scope = torch.NewDisposeScope();
            // Built again each time, as each run of the example does: the failures come with the allocator's state.
            using var train = MultiFashionBuilder.Build(images, PairLayout.Draw(images.Count, 300, new Random(1)), torch.CPU);
            var batch = torch.arange(32);
            var x = train.Images.index_select(0, batch);
            var labels = train.LeftLabels.index_select(0, batch);
            torch.manual_seed(1);
            using var net = new MultiFashionNet();
            var (left, _) = net.forward(x);
            FashionLosses.Classification(left, labels).backward();
            if (net.parameters().Any(p => p.grad is { } gradient && !gradient.isfinite().all().item<bool>())) failed++;
        }
        Assert.That(failed, Is.Zero, "networks whose first gradients held a NaN or an infinity");
    }
}
