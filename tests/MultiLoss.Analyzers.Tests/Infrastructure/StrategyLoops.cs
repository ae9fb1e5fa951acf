using System.Collections.Generic;
using NUnit.Framework;

namespace MultiLoss.Analyzers.Tests.Infrastructure;

/// <summary>
/// Hand-written loops, one per strategy the conversion supports, each the body of <see cref="LoopSources.Method"/>:
/// what MLA0005 must recognise, what its fix converts, and what the converted trainer must train like.
/// </summary>
public static class StrategyLoops
{
    /// <summary>A loop, the strategy the diagnostic names, and the number of losses it names.</summary>
    public sealed record Loop(string Name, string Body, string Strategy, int Losses)
    {
        public string Source => LoopSources.Method(Body);

        public override string ToString() => Name;
    }

    internal static readonly Loop WeightedSum = new(nameof(WeightedSum), """
        for (var i = 0; i < steps; i++)
        {
            optimizer.zero_grad();
            var output = model.forward(x);
            var classification = Classification(output, y);
            var confidence = Confidence(output);
            var total = 0.7 * classification + 0.3 * confidence;
            total.backward();
            optimizer.step();
        }
        """, "weighted sum", 2);

    internal static readonly Loop InlineWeightedSum = new(nameof(InlineWeightedSum), """
        foreach (var (input, target) in new[] { (x, y), (x * 0.5, y) })
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var logits = model.forward(input);
            (2 * nn.functional.cross_entropy(logits, target) + logits.abs().mean() * 0.1 + Confidence(logits)).backward();
            optimizer.step();
        }
        """, "weighted sum", 3);

    internal static readonly Loop SeparateBackward = new(nameof(SeparateBackward), """
        for (var i = 0; i < steps; i++)
        {
            optimizer.zero_grad();
            var output = model.forward(x);
            var l1 = Classification(output, y);
            var l2 = Confidence(output);
            (0.7 * l1).backward(retain_graph: true);
            (0.3 * l2).backward();
            optimizer.step();
        }
        """, "separate backward", 2);

    internal static readonly Loop ThresholdGate = new(nameof(ThresholdGate), """
        for (var i = 0; i < steps; i++)
        {
            optimizer.zero_grad();
            var output = model.forward(x);
            var classification = Classification(output, y);
            if (classification.item<float>() < 1.2) (0.5 * Confidence(output)).backward();
            else classification.backward();
            optimizer.step();
        }
        """, "threshold gate", 2);

    internal static readonly Loop ThresholdGateAdding = new(nameof(ThresholdGateAdding), """
        for (var i = 0; i < steps; i++)
        {
            optimizer.zero_grad();
            var output = model.forward(x);
            var l1 = Classification(output, y);
            var open = 1.2f > l1.ToSingle();
            if (open)
            {
                (l1 + 2 * Confidence(output)).backward();
            }
            else
            {
                l1.backward();
            }
            optimizer.step();
        }
        """, "threshold gate", 2);

    internal static readonly Loop PhasesByStepCount = new(nameof(PhasesByStepCount), """
        for (var step = 0; step < steps; step++)
        {
            optimizer.zero_grad();
            var output = model.forward(x);
            var l1 = Classification(output, y);
            var l2 = Confidence(output);
            if (step < 4)
            {
                (0.7 * l1).backward();
            }
            else
            {
                (0.7 * l1).backward(retain_graph: true);
                (0.3 * l2).backward();
            }
            optimizer.step();
        }
        """, "phases by step count", 2);

    public static IEnumerable<TestCaseData> All()
    {
        foreach (var loop in new[] { WeightedSum, InlineWeightedSum, SeparateBackward, ThresholdGate, ThresholdGateAdding, PhasesByStepCount })
        {
            yield return new TestCaseData(loop).SetArgDisplayNames(loop.Name);
        }
    }
}
