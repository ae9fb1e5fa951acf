using System.Threading.Tasks;
using MultiLoss.Analyzers.Tests.Infrastructure;
using NUnit.Framework;
using static MultiLoss.Analyzers.Tests.Infrastructure.LoopSources;

namespace MultiLoss.Analyzers.Tests;

/// <summary>MLA0001: a backward without retain_graph frees a graph that a later backward in the same body goes through.</summary>
public sealed class SharedGraphBackwardTests
{
    private const string Id = "MLA0001";

    [Test]
    public async Task Two_losses_of_one_forward_each_backpropagated()
    {
        var reported = await LoopAssert.ReportsAsync(Id, Method("""
            var output = model.forward(x);
            var l1 = Classification(output, y);
            var l2 = Confidence(output);
            (0.7 * l1).[|backward()|];
            (0.3 * l2).backward();
            """));

        Assert.That(reported[0].GetMessage(), Does.StartWith("'(0.7 * l1).backward()' frees the autograd graph that the backward() on line 17"));
        Assert.That(reported[0].AdditionalLocations, Has.Count.EqualTo(1), "the later backward");
    }

    [Test]
    public Task The_same_loss_twice()
        => LoopAssert.ReportsAsync(Id, Method("""
            var loss = Classification(model.forward(x), y);
            loss.[|backward()|];
            loss.backward();
            """));

    [Test]
    public Task Retain_graph_given_as_false()
        => LoopAssert.ReportsAsync(Id, Method("""
            var output = model.forward(x);
            Classification(output, y).[|backward(retain_graph: false)|];
            Confidence(output).backward();
            """));

    [Test]
    public Task Every_backward_but_the_last_without_retain_graph()
        => LoopAssert.ReportsAsync(Id, Method("""
            var output = model.forward(x);
            var l1 = Classification(output, y);
            var l2 = Confidence(output);
            var l3 = output.abs().mean();
            l1.[|backward()|];
            l2.[|backward()|];
            l3.backward();
            """));

    [Test]
    public Task Through_locals_and_an_array()
        => LoopAssert.ReportsAsync(Id, Method("""
            var features = model.forward(x);
            var scaled = features * 2;
            Tensor[] losses = [Classification(scaled, y), Confidence(features)];
            losses[0].[|backward()|];
            losses[1].backward();
            """));

    [Test]
    public Task A_graph_that_starts_at_a_parameter()
        => LoopAssert.ReportsAsync(Id, Method("""
            var weight = model.parameters().First();
            var z = weight * 2;
            z.sum().[|backward()|];
            z.mean().backward();
            """));

    [Test]
    public Task A_graph_built_before_the_loop_that_backpropagates_it_each_iteration()
        => LoopAssert.ReportsAsync(Id, Method("""
            var output = model.forward(x);
            for (var i = 0; i < steps; i++)
            {
                optimizer.zero_grad();
                Classification(output, y).[|backward()|];
                optimizer.step();
            }
            """));

    [Test]
    public Task Through_a_using_statement_and_a_deconstruction()
        => LoopAssert.ReportsAsync(Id, Method("""
            using (var output = model.forward(x))
            {
                var (a, b) = (Classification(output, y), Confidence(output));
                a.[|backward()|];
                b.backward();
            }
            """));

    [Test]
    public Task One_branch_frees_what_follows_the_if()
        => LoopAssert.ReportsAsync(Id, Method("""
            var output = model.forward(x);
            if (steps > 1) Classification(output, y).[|backward()|];
            Confidence(output).backward();
            """));

    [Test]
    public Task Inside_a_lambda()
        => LoopAssert.ReportsAsync(Id, Method("""
            Action step = () =>
            {
                var output = model.forward(x);
                Classification(output, y).[|backward()|];
                Confidence(output).backward();
            };
            step();
            """));

    [Test]
    public Task A_single_backward()
        => LoopAssert.ReportsNothingAsync(Method("""
            var output = model.forward(x);
            (0.7 * Classification(output, y) + 0.3 * Confidence(output)).backward();
            """));

    [Test]
    public Task Retain_graph_on_every_backward_but_the_last()
        => LoopAssert.ReportsNothingAsync(Method("""
            var output = model.forward(x);
            (0.7 * Classification(output, y)).backward(retain_graph: true);
            (0.3 * Confidence(output)).backward();
            """));

    [Test]
    public Task Retain_graph_decided_at_run_time()
        => LoopAssert.ReportsNothingAsync(Method("""
            var output = model.forward(x);
            Tensor[] losses = [Classification(output, y), Confidence(output)];
            for (var i = 0; i < losses.Length; i++) losses[i].backward(retain_graph: i < losses.Length - 1);
            """));

    [Test]
    public Task A_graph_rebuilt_for_each_backward()
        => LoopAssert.ReportsNothingAsync(Method("""
            var l1 = Classification(model.forward(x), y);
            l1.backward();
            var l2 = Confidence(model.forward(x));
            l2.backward();
            var output = model.forward(x);
            Classification(output, y).backward();
            output = model.forward(x);
            Confidence(output).backward();
            """));

    [Test]
    public Task A_graph_rebuilt_in_every_iteration()
        => LoopAssert.ReportsNothingAsync(Method("""
            for (var i = 0; i < steps; i++)
            {
                optimizer.zero_grad();
                var output = model.forward(x);
                var loss = Classification(output, y) + Confidence(output);
                loss.backward();
                optimizer.step();
                if (loss.item<float>() < 0.01f) break;
            }
            """));

    [Test]
    public Task Backwards_in_exclusive_branches_or_after_a_return()
        => LoopAssert.ReportsNothingAsync(Method("""
            var output = model.forward(x);
            var l1 = Classification(output, y);
            if (steps > 1) l1.backward();
            else Confidence(output).backward();
            switch (steps)
            {
                case 0:
                    var again = model.forward(x);
                    again.sum().backward();
                    return;
                default:
                    break;
            }
            var other = model.forward(x);
            if (steps > 2)
            {
                other.sum().backward();
                return;
            }
            other.mean().backward();
            """));

    [Test]
    public Task A_detached_input_and_data_shared_by_two_forwards()
        => LoopAssert.ReportsNothingAsync(Method("""
            var input = x.view(-1, 8).to(float32);
            var output = model.forward(input);
            Classification(output, y).backward();
            Confidence(model.forward(input)).backward();
            var teacher = model.forward(x).detach();
            Classification(model.forward(x), teacher.argmax(1)).backward();
            Confidence(model.forward(x) - teacher).backward();
            """));

    [Test]
    public Task Backward_in_a_helper_method()
        => LoopAssert.ReportsNothingAsync(Usings + """
            public static class Training
            {
                public static void Train(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y)
                {
                    var output = model.forward(x);
                    Backward(nn.functional.cross_entropy(output, y));
                    Backward(output.pow(2).mean());
                }

                private static void Backward(Tensor loss) => loss.backward();
            }
            """);

    [Test]
    public Task Backward_restricted_to_some_inputs()
        => LoopAssert.ReportsNothingAsync(Method("""
            var output = model.forward(x);
            var head = model.parameters().Take(2).ToArray();
            Classification(output, y).backward(inputs: head);
            Confidence(output).backward();
            var again = model.forward(x);
            Classification(again, y).backward();
            Confidence(again).backward(inputs: head);
            """));

    [Test]
    public Task A_weighting_method_combining_each_iterations_losses()
        => LoopAssert.ReportsNothingAsync(Method("""
            var weighting = Create(model, optimizer);
            for (var i = 0; i < steps; i++)
            {
                optimizer.zero_grad();
                var output = model.forward(x);
                Tensor?[] losses = [Classification(output, y), Confidence(output)];
                var total = weighting.Combine(losses);
                total.backward();
                optimizer.step();
            }

            static MultiLoss.Methods.LossWeightingMethod Create(nn.Module model, optim.Optimizer optimizer)
            {
                var method = new MultiLoss.Methods.UncertaintyWeighting();
                method.Initialize(new MultiLoss.Methods.MethodContext("T", model, optimizer, ["A", "B"], [1.0, 1.0]));
                return method;
            }
            """), Id);
}
