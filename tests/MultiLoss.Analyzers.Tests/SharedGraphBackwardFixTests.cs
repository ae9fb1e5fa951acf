using System.Linq;
using System.Threading.Tasks;
using MultiLoss.Analyzers.Tests.Infrastructure;
using MultiLoss.CodeFixes;
using NUnit.Framework;
using static MultiLoss.Analyzers.Tests.Infrastructure.LoopSources;

namespace MultiLoss.Analyzers.Tests;

/// <summary>
/// The MLA0001 fixes: retain_graph: true on the reported backward, or one backward of the sum of consecutive backwards.
/// The result must read exactly as expected, compile, and get no MLA0001.
/// </summary>
public sealed class SharedGraphBackwardFixTests
{
    private const string Id = "MLA0001";
    private const string Retain = "Keep the graph: retain_graph: true";
    private const string Merge = "Backpropagate the sum once";
    private static readonly RetainGraphCodeFixProvider Provider = new();

    private const string Losses = """
        var output = model.forward(x);
        var l1 = Classification(output, y);
        var l2 = Confidence(output);
        var l3 = output.abs().mean();

        """;

    [TestCase("(0.7 * l1).backward();", "(0.7 * l1).backward(retain_graph: true);")]
    [TestCase("l1.backward(retain_graph: false);", "l1.backward(retain_graph: true);")]
    [TestCase("l1.backward(null, false);", "l1.backward(null, true);")]
    public async Task Retain_graph_is_set_on_the_reported_backward(string before, string after)
    {
        var fixedText = await LoopWorkspace.FixAsync(Method(Losses + before + "\nl2.backward();"), Id, Provider, Retain);

        Assert.That(fixedText, Is.EqualTo(Method(Losses + after + "\nl2.backward();")));
        await LoopAssert.ReportsNothingAsync(fixedText, Id);
    }

    [TestCase("(0.7 * l1).backward();\n(0.3 * l2).backward();", "(0.7 * l1 + 0.3 * l2).backward();")]
    [TestCase("l1.backward(retain_graph: true);\nl2.backward();\n(l3).backward(retain_graph: true);", "(l1 + l2 + l3).backward(retain_graph: true);")]
    [TestCase("(l1 - l2).backward();\n(l2 + l3).backward();", "(l1 - l2 + (l2 + l3)).backward();")]
    [TestCase("(steps > 1 ? l1 : l2).backward();\nl3.backward();", "((steps > 1 ? l1 : l2) + l3).backward();")]
    public async Task Consecutive_backwards_become_one_backward_of_their_sum(string before, string after)
    {
        var fixedText = await LoopWorkspace.FixAsync(Method(Losses + before), Id, Provider, Merge);

        Assert.That(fixedText, Is.EqualTo(Method(Losses + after)));
        await LoopAssert.ReportsNothingAsync(fixedText, Id);
    }

    [Test]
    public async Task Backwards_with_something_between_them_are_not_merged()
    {
        using var workspace = new LoopWorkspace(Method(Losses + "l1.backward();\nConsole.WriteLine(l1.shape[0]);\nl2.backward();"));
        var diagnostic = (await workspace.DiagnosticsAsync(Id)).Single();

        var titles = (await workspace.ActionsAsync(Provider, diagnostic)).Select(a => a.Title);

        Assert.That(titles, Is.EqualTo(new[] { Retain }));
    }

    [Test]
    public async Task Fix_all_sets_retain_graph_on_every_reported_backward()
    {
        using var workspace = new LoopWorkspace(Method(Losses + "l1.backward();\nl2.backward();\nl3.backward();"));

        var fixedText = await workspace.FixAllAsync(Provider, RetainGraphCodeFixProvider.RetainGraphKey, Id);

        Assert.That(fixedText, Is.EqualTo(Method(Losses + "l1.backward(retain_graph: true);\nl2.backward(retain_graph: true);\nl3.backward();")));
    }

    [Test]
    public async Task Fix_all_merges_a_run_once()
    {
        using var workspace = new LoopWorkspace(Method(Losses + "l1.backward();\nl2.backward();\nl3.backward();"));

        var fixedText = await workspace.FixAllAsync(Provider, RetainGraphCodeFixProvider.MergeKey, Id);

        Assert.That(fixedText, Is.EqualTo(Method(Losses + "(l1 + l2 + l3).backward();")));
    }
}
