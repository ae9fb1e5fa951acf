using System.Threading.Tasks;
using MultiLoss.Analyzers.Tests.Infrastructure;
using NUnit.Framework;
using static MultiLoss.Analyzers.Tests.Infrastructure.LoopSources;

namespace MultiLoss.Analyzers.Tests;

/// <summary>MLA0002: a training loop (backward and an optimizer step in its body) that never zeroes the gradients.</summary>
public sealed class GradientsNeverZeroedTests
{
    private const string Id = "MLA0002";

    [Test]
    public async Task A_loop_without_zero_grad()
    {
        var reported = await LoopAssert.ReportsAsync(Id, Method("""
            [|for|] (var i = 0; i < steps; i++)
            {
                var loss = Classification(model.forward(x), y);
                loss.backward();
                optimizer.step();
            }
            """));

        Assert.That(reported[0].GetMessage(), Does.Contain("'optimizer.step()'").And.Contain("call 'optimizer.zero_grad()'"));
    }

    [Test]
    public Task Zero_grad_only_before_the_loop()
        => LoopAssert.ReportsAsync(Id, Method("""
            optimizer.zero_grad();
            [|while|] (steps-- > 0)
            {
                Classification(model.forward(x), y).backward();
                optimizer.step();
            }
            """));

    [Test]
    public Task Zero_grad_in_the_outer_loop_only()
        => LoopAssert.ReportsAsync(Id, Method("""
            for (var epoch = 0; epoch < 3; epoch++)
            {
                optimizer.zero_grad();
                [|foreach|] (var batch in new[] { x, x })
                {
                    Classification(model.forward(batch), y).backward();
                    optimizer.step();
                }
            }
            """));

    [Test]
    public Task Zeroed_by_the_optimizer_the_model_or_the_parameters()
        => LoopAssert.ReportsNothingAsync(Method("""
            for (var i = 0; i < steps; i++)
            {
                optimizer.zero_grad();
                Classification(model.forward(x), y).backward();
                optimizer.step();
            }
            for (var i = 0; i < steps; i++)
            {
                Classification(model.forward(x), y).backward();
                optimizer.step();
                model.zero_grad();
            }
            for (var i = 0; i < steps; i++)
            {
                foreach (var p in model.parameters()) p.grad = null;
                Classification(model.forward(x), y).backward();
                optimizer.step();
            }
            for (var i = 0; i < steps; i++)
            {
                foreach (var p in model.parameters()) p.grad?.zero_();
                Classification(model.forward(x), y).backward();
                optimizer.step();
            }
            """));

    [Test]
    public Task Zeroed_by_a_helper_given_the_optimizer()
        => LoopAssert.ReportsNothingAsync(Usings + """
            public static class Training
            {
                public static void Train(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x, Tensor y)
                {
                    for (var i = 0; i < 10; i++)
                    {
                        SetToNone(optimizer);
                        nn.functional.cross_entropy(model.forward(x), y).backward();
                        optimizer.step();
                    }
                }

                private static void SetToNone(optim.Optimizer optimizer)
                {
                    foreach (var p in optimizer.parameters()) p.grad = null;
                }
            }
            """);

    [Test]
    public Task Accumulation_with_a_counter()
        => LoopAssert.ReportsNothingAsync(Method("""
            for (var i = 0; i < steps; i++)
            {
                (Classification(model.forward(x), y) / 4).backward();
                if ((i + 1) % 4 == 0)
                {
                    optimizer.step();
                    optimizer.zero_grad();
                }
            }
            """));

    [Test]
    public Task Loops_that_do_not_train()
        => LoopAssert.ReportsNothingAsync(Method("""
            var scheduler = optim.lr_scheduler.StepLR(optimizer, 10);
            for (var i = 0; i < steps; i++) scheduler.step();
            for (var i = 0; i < steps; i++)
            {
                var input = x.clone().requires_grad_();
                Classification(model.forward(input), y).backward();
                Console.WriteLine(input.grad!.abs().sum().item<float>());
            }
            for (var i = 0; i < steps; i++)
            {
                optimizer.step(() =>
                {
                    optimizer.zero_grad();
                    var loss = Classification(model.forward(x), y);
                    loss.backward();
                    return loss;
                });
            }
            """));
}
