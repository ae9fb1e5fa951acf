using System.Threading.Tasks;
using MultiLoss.Analyzers.Tests.Infrastructure;
using NUnit.Framework;
using static MultiLoss.Analyzers.Tests.Infrastructure.LoopSources;

namespace MultiLoss.Analyzers.Tests;

/// <summary>MLA0003: every iteration steps the optimizer before it reaches a backward.</summary>
public sealed class StepBeforeBackwardTests
{
    private const string Id = "MLA0003";

    [Test]
    public async Task Step_right_after_zero_grad()
    {
        var reported = await LoopAssert.ReportsAsync(Id, Method("""
            for (var i = 0; i < steps; i++)
            {
                optimizer.zero_grad();
                optimizer.[|step()|];
                Classification(model.forward(x), y).backward();
            }
            """));

        Assert.That(reported[0].GetMessage(), Does.StartWith("'optimizer.step()' runs before any backward()"));
    }

    [Test]
    public Task Step_in_a_block_before_a_nested_loop_of_backwards()
        => LoopAssert.ReportsAsync(Id, Method("""
            foreach (var batch in new[] { x, x })
            {
                using (var scope = NewDisposeScope())
                {
                    optimizer.[|step()|];
                    optimizer.zero_grad();
                }
                for (var k = 0; k < 4; k++) Classification(model.forward(batch), y).backward();
            }
            """));

    [Test]
    public Task Step_after_the_backward()
        => LoopAssert.ReportsNothingAsync(Method("""
            for (var i = 0; i < steps; i++)
            {
                optimizer.zero_grad();
                using (var scope = NewDisposeScope())
                {
                    var loss = Classification(model.forward(x), y);
                    loss.backward();
                }
                optimizer.step();
            }
            """));

    [Test]
    public Task Step_under_a_condition_for_the_accumulated_gradients()
        => LoopAssert.ReportsNothingAsync(Method("""
            for (var i = 0; i < steps; i++)
            {
                if (i > 0 && i % 4 == 0)
                {
                    optimizer.step();
                    optimizer.zero_grad();
                }
                (Classification(model.forward(x), y) / 4).backward();
            }
            """));

    [Test]
    public Task A_loop_rotated_after_a_first_backward()
        => LoopAssert.ReportsNothingAsync(Method("""
            Classification(model.forward(x), y).backward();
            for (var i = 0; i < steps; i++)
            {
                optimizer.step();
                optimizer.zero_grad();
                Classification(model.forward(x), y).backward();
            }
            """));
}
