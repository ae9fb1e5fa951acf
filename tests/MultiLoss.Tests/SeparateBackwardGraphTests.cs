using System.Runtime.InteropServices;
using MultiLoss.Tests.Trainers;
using NUnit.Framework;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// Separate backward retains the graph on every backward but the last: after the step the graph is freed, so
/// a further backward through it fails. A stray retain_graph on the last backward would make it succeed.
/// </summary>
[TestFixture]
public sealed class SeparateBackwardGraphTests
{
    [Test]
    public void The_graph_is_freed_after_the_last_backward()
    {
        using var batches = new Batches(count: 1, batchSize: 16, seed: 51);
        using var model = Models.Mlp(seed: 52);
        using var optimizer = Optimizers.Create(OptimizerKind.SgdMomentum, model);
        using var trainer = new SeparateTrainer(model, optimizer);

        trainer.Step(batches.Input(0), batches.Label(0));
        var lastGraph = trainer.LastGraph!;

        var error = Assert.Throws<ExternalException>(() => lastGraph.backward());
        Assert.That(error!.Message, Does.Contain("backward through the graph a second time"));
        lastGraph.Dispose();
    }

    [Test]
    public void A_graph_that_was_retained_can_be_walked_again()
    {
        // The control for the test above: the same alias, with the graph retained, does not throw.
        using var scope = NewDisposeScope();
        var weight = ones(3, requires_grad: true);
        var loss = (weight * weight).sum();
        var alias = loss.mul(1.0);
        loss.backward(retain_graph: true);

        Assert.That(() => alias.backward(), Throws.Nothing);
    }
}
