using System.Threading.Tasks;
using MultiLoss.Analyzers.Tests.Infrastructure;
using NUnit.Framework;
using static MultiLoss.Analyzers.Tests.Infrastructure.LoopSources;

namespace MultiLoss.Analyzers.Tests;

/// <summary>MLA0004: a loss read on the host in a training loop only to decide which loss to backpropagate.</summary>
public sealed class HostReadChoosesBackwardTests
{
    private const string Id = "MLA0004";

    [Test]
    public async Task A_threshold_gate_in_an_if()
    {
        var reported = await LoopAssert.ReportsAsync(Id, Method("""
            for (var i = 0; i < steps; i++)
            {
                optimizer.zero_grad();
                var output = model.forward(x);
                var l1 = Classification(output, y);
                if (l1.[|item<float>()|] < 0.3) Confidence(output).backward();
                else l1.backward();
                optimizer.step();
            }
            """));

        Assert.That(reported[0].GetMessage(), Does.StartWith("'l1.item<float>()' copies the loss to the host every step"));
    }

    [Test]
    public Task Through_a_local_of_the_iteration()
        => LoopAssert.ReportsAsync(Id, Method("""
            for (var i = 0; i < steps; i++)
            {
                optimizer.zero_grad();
                var output = model.forward(x);
                var l1 = Classification(output, y);
                var open = l1.[|ToSingle()|] < 0.3f;
                var total = open ? l1 + 0.5 * Confidence(output) : l1;
                total.backward();
                optimizer.step();
            }
            """));

    [Test]
    public Task Through_the_data_accessor_into_a_conditional_expression()
        => LoopAssert.ReportsAsync(Id, Method("""
            for (var i = 0; i < steps; i++)
            {
                optimizer.zero_grad();
                var output = model.forward(x);
                var l1 = Classification(output, y);
                (l1.[|data<float>()|][0] < 0.3f ? Confidence(output) : l1).backward();
                optimizer.step();
            }
            """));

    [Test]
    public Task The_value_is_also_printed_or_stored()
        => LoopAssert.ReportsNothingAsync(Method("""
            var history = new List<float>();
            for (var i = 0; i < steps; i++)
            {
                optimizer.zero_grad();
                var output = model.forward(x);
                var l1 = Classification(output, y);
                var value = l1.item<float>();
                history.Add(value);
                if (value < 0.3f) Confidence(output).backward();
                else l1.backward();
                optimizer.step();
            }
            """));

    [Test]
    public Task Another_read_every_step()
        => LoopAssert.ReportsNothingAsync(Method("""
            for (var i = 0; i < steps; i++)
            {
                optimizer.zero_grad();
                var output = model.forward(x);
                var l1 = Classification(output, y);
                var l2 = Confidence(output);
                Console.WriteLine(l2.ToDouble());
                if (l1.ToDouble() < 0.3) l2.backward();
                else l1.backward();
                optimizer.step();
            }
            """));

    [Test]
    public Task Reads_that_stop_the_loop_latch_or_look_at_data()
        => LoopAssert.ReportsNothingAsync(Method("""
            var latched = false;
            for (var i = 0; i < steps; i++)
            {
                optimizer.zero_grad();
                var output = model.forward(x);
                var l1 = Classification(output, y);
                latched = latched || l1.item<float>() < 0.3f;
                if (latched) Confidence(output).backward();
                else l1.backward();
                optimizer.step();
                if (l1.item<float>() < 1e-4f) break;
            }
            for (var i = 0; i < steps; i++)
            {
                optimizer.zero_grad();
                var output = model.forward(x);
                if (y.sum().item<long>() > 0) Classification(output, y).backward();
                else Confidence(output).backward();
                optimizer.step();
            }
            """));

    [Test]
    public Task A_gate_outside_a_training_loop()
        => LoopAssert.ReportsNothingAsync(Method("""
            optimizer.zero_grad();
            var output = model.forward(x);
            var l1 = Classification(output, y);
            if (l1.item<float>() < 0.3) Confidence(output).backward();
            else l1.backward();
            optimizer.step();
            """));
}
