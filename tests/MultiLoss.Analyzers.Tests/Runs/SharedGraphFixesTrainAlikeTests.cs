using System.Reflection;
using System.Threading.Tasks;
using MultiLoss.Analyzers.Tests.Infrastructure;
using MultiLoss.CodeFixes;
using NUnit.Framework;
using static MultiLoss.Analyzers.Tests.Infrastructure.LoopSources;

namespace MultiLoss.Analyzers.Tests.Runs;

/// <summary>
/// The loop MLA0001 reports fails when it runs, and both of its fixes make it train, to the same parameters: one
/// backward of the sum gives the gradients of the separate backwards.
/// </summary>
public sealed class SharedGraphFixesTrainAlikeTests
{
    private static readonly string Loop = Method("""
        for (var i = 0; i < steps; i++)
        {
            optimizer.zero_grad();
            var output = model.forward(x);
            var l1 = Classification(output, y);
            var l2 = Confidence(output);
            (0.7 * l1).backward();
            (0.3 * l2).backward();
            optimizer.step();
        }
        """);

    [Test]
    public void The_reported_loop_fails_at_its_second_backward()
    {
        var error = Assert.Throws<TargetInvocationException>(() => LoopRunner.Train(Loop, adam: true));

        Assert.That(error!.InnerException?.Message, Does.Contain("backward through the graph a second time"));
    }

    [Test]
    public async Task Retaining_the_graph_and_merging_the_backwards_train_to_the_same_parameters()
    {
        var retained = await LoopWorkspace.FixAsync(Loop, "MLA0001", new RetainGraphCodeFixProvider(), "Keep the graph: retain_graph: true");
        var merged = await LoopWorkspace.FixAsync(Loop, "MLA0001", new RetainGraphCodeFixProvider(), "Backpropagate the sum once");
        Assert.That(merged, Does.Contain("(0.7 * l1 + 0.3 * l2).backward();"));

        var byRetained = LoopRunner.Train(retained, adam: true);
        var byMerged = LoopRunner.Train(merged, adam: true);

        Assert.That(LoopRunner.MaxDifference(byRetained, LoopRunner.Initial()), Is.GreaterThan(1e-3), "the loop trains");
        Assert.That(LoopRunner.MaxDifference(byRetained, byMerged), Is.LessThanOrEqualTo(1e-5));
    }
}
