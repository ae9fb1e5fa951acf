using System.Linq;
using System.Threading.Tasks;
using MultiLoss.Analyzers.Tests.Infrastructure;
using NUnit.Framework;
using static MultiLoss.Analyzers.Tests.Infrastructure.LoopSources;

namespace MultiLoss.Analyzers.Tests;

/// <summary>MLA0005: a hidden suggestion at a loop that one of the seed's strategies describes, and only there.</summary>
public sealed class ConvertibleLoopTests
{
    private const string Id = "MLA0005";

    [TestCaseSource(typeof(StrategyLoops), nameof(StrategyLoops.All))]
    public async Task A_strategy_loop_is_suggested_at_its_keyword(StrategyLoops.Loop loop)
    {
        var diagnostics = (await LoopAssert.AnalyzeAsync(loop.Source)).Where(d => d.Id == Id).ToArray();

        Assert.That(diagnostics, Has.Length.EqualTo(1), string.Join("\n", (object[])diagnostics));
        Assert.That(diagnostics[0].Id, Is.EqualTo(Id));
        var keyword = loop.Source.Substring(diagnostics[0].Location.SourceSpan.Start, diagnostics[0].Location.SourceSpan.Length);
        Assert.That(keyword, Is.EqualTo(loop.Body.Split(' ')[0]));
        Assert.That(diagnostics[0].GetMessage(), Is.EqualTo($"This loop trains {loop.Losses} losses as a {loop.Strategy}; it can be a [MultiLossTrainer] class whose Step does the same"));
    }

    [TestCase("single loss", """
        for (var i = 0; i < steps; i++)
        {
            optimizer.zero_grad();
            Classification(model.forward(x), y).backward();
            optimizer.step();
        }
        """)]
    [TestCase("no zero_grad", """
        for (var i = 0; i < steps; i++)
        {
            var output = model.forward(x);
            (Classification(output, y) + Confidence(output)).backward();
            optimizer.step();
        }
        """)]
    [TestCase("a loss read after the step", """
        for (var i = 0; i < steps; i++)
        {
            optimizer.zero_grad();
            var output = model.forward(x);
            var total = Classification(output, y) + Confidence(output);
            total.backward();
            optimizer.step();
            Console.WriteLine(total.item<float>());
        }
        """)]
    [TestCase("something else between forward and step", """
        for (var i = 0; i < steps; i++)
        {
            optimizer.zero_grad();
            var output = model.forward(x);
            Console.WriteLine(i);
            (Classification(output, y) + Confidence(output)).backward();
            optimizer.step();
        }
        """)]
    [TestCase("a weight computed at run time", """
        var weight = steps / 100.0;
        for (var i = 0; i < steps; i++)
        {
            optimizer.zero_grad();
            var output = model.forward(x);
            (Classification(output, y) + weight * Confidence(output)).backward();
            optimizer.step();
        }
        """)]
    [TestCase("a model chosen in the loop", """
        for (var i = 0; i < steps; i++)
        {
            var net = i % 2 == 0 ? model : model;
            optimizer.zero_grad();
            var output = net.forward(x);
            (Classification(output, y) + Confidence(output)).backward();
            optimizer.step();
        }
        """)]
    [TestCase("a gate that opens at the threshold too", """
        for (var i = 0; i < steps; i++)
        {
            optimizer.zero_grad();
            var output = model.forward(x);
            var l1 = Classification(output, y);
            if (l1.item<float>() <= 0.3) Confidence(output).backward();
            else l1.backward();
            optimizer.step();
        }
        """)]
    [TestCase("a gate that changes another loss's weight", """
        for (var i = 0; i < steps; i++)
        {
            optimizer.zero_grad();
            var output = model.forward(x);
            var l1 = Classification(output, y);
            var l3 = output.abs().mean();
            if (l1.item<float>() < 0.3) (Confidence(output) + l3).backward();
            else (l1 + 0.5 * l3).backward();
            optimizer.step();
        }
        """)]
    [TestCase("phases that weigh a loss differently", """
        for (var i = 0; i < steps; i++)
        {
            optimizer.zero_grad();
            var output = model.forward(x);
            var l1 = Classification(output, y);
            var l2 = Confidence(output);
            if (i < 10) (l1 + l2).backward();
            else (0.5 * l1 + l2).backward();
            optimizer.step();
        }
        """)]
    [TestCase("phases counted by a loop that skips steps", """
        for (var i = 0; i < steps; i++)
        {
            if (i == 3) continue;
            optimizer.zero_grad();
            var output = model.forward(x);
            var l1 = Classification(output, y);
            if (i < 10) l1.backward();
            else (l1 + Confidence(output)).backward();
            optimizer.step();
        }
        """)]
    [TestCase("a loss that reads another loss", """
        for (var i = 0; i < steps; i++)
        {
            optimizer.zero_grad();
            var output = model.forward(x);
            var l1 = Classification(output, y);
            var l2 = Confidence(output) * l1.detach();
            (l1 + l2).backward();
            optimizer.step();
        }
        """)]
    public Task A_loop_the_conversion_cannot_reproduce_is_not_suggested(string name, string body)
        => LoopAssert.ReportsNothingAsync(Method(body), Id);

    [Test]
    public Task A_loss_that_reads_the_instance_is_not_suggested()
        => LoopAssert.ReportsNothingAsync(Usings + """
            public sealed class Experiment(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
            {
                private double margin = 0.1;

                public void Train(Tensor x, Tensor y)
                {
                    for (var i = 0; i < 10; i++)
                    {
                        optimizer.zero_grad();
                        var output = model.forward(x);
                        (nn.functional.cross_entropy(output, y) + (output.abs().mean() - margin).relu()).backward();
                        optimizer.step();
                    }
                }
            }
            """, Id);

    [Test]
    public Task A_loop_in_a_generic_type_is_not_suggested()
        => LoopAssert.ReportsNothingAsync(Usings + """
            public static class Experiments<T>
            {
                public static void Train(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x, Tensor y)
                {
                    for (var i = 0; i < 10; i++)
                    {
                        optimizer.zero_grad();
                        var output = model.forward(x);
                        (nn.functional.cross_entropy(output, y) + output.abs().mean()).backward();
                        optimizer.step();
                    }
                }
            }
            """, Id);
}
