using System.Threading.Tasks;
using MultiLoss.Analyzers.Tests.Infrastructure;
using MultiLoss.CodeFixes;
using NUnit.Framework;
using static MultiLoss.Analyzers.Tests.Infrastructure.LoopSources;

namespace MultiLoss.Analyzers.Tests;

/// <summary>The MLA0002 fix: the optimizer's zero_grad() as the first statement of the loop body.</summary>
public sealed class GradientsNeverZeroedFixTests
{
    private const string Id = "MLA0002";
    private static readonly ZeroGradientsCodeFixProvider Provider = new();

    [Test]
    public async Task Zero_grad_of_the_stepped_optimizer_starts_the_body()
    {
        var fixedText = await LoopWorkspace.FixAsync(Method("""
            for (var i = 0; i < steps; i++)
            {
                var loss = Classification(model.forward(x), y);
                loss.backward();
                optimizer.step();
            }
            """), Id, Provider, "Call 'optimizer.zero_grad()' at the start of each iteration");

        Assert.That(fixedText, Is.EqualTo(Method("""
            for (var i = 0; i < steps; i++)
            {
                optimizer.zero_grad();
                var loss = Classification(model.forward(x), y);
                loss.backward();
                optimizer.step();
            }
            """)));
        await LoopAssert.ReportsNothingAsync(fixedText, Id);
    }

    [Test]
    public async Task Fix_all_zeroes_in_every_reported_loop()
    {
        using var workspace = new LoopWorkspace(Method("""
            for (var i = 0; i < steps; i++)
            {
                Classification(model.forward(x), y).backward();
                optimizer.step();
            }
            while (steps-- > 0)
            {
                Confidence(model.forward(x)).backward();
                optimizer.step();
            }
            """));

        var fixedText = await workspace.FixAllAsync(Provider, ZeroGradientsCodeFixProvider.EquivalenceKey, Id);

        Assert.That(fixedText, Is.EqualTo(Method("""
            for (var i = 0; i < steps; i++)
            {
                optimizer.zero_grad();
                Classification(model.forward(x), y).backward();
                optimizer.step();
            }
            while (steps-- > 0)
            {
                optimizer.zero_grad();
                Confidence(model.forward(x)).backward();
                optimizer.step();
            }
            """)));
    }
}
