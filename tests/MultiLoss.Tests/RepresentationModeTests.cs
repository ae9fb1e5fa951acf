using System;
using System.Linq;
using MultiLoss.Tests.Trainers;
using MultiLoss.Methods;
using MultiLoss.Methods.Tests;
using NUnit.Framework;
using TorchSharp;
using TorchSharp.Modules;
using static MultiLoss.Tests.Trainers.ThreeHeadLosses;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// Representation mode (<c>[AggregateAt("hidden")]</c>) against hand loops: each weighted loss back-propagated to the
/// body's output alone, the [K, B, F] gradients aggregated by the formula (on the host, in float64), the heads trained
/// by the weighted total with <c>backward(inputs: heads)</c> and the body by <c>hidden.backward(aggregated)</c>: two
/// separate passes, not the generated step's one pass with a correction. 20 steps with Adam.
/// </summary>
[TestFixture]
public sealed class RepresentationModeTests
{
    private const int Steps = 20;
    private const double Tolerance = 1e-5;
    private static readonly double[] Declared = [1.0, 0.5, 0.5];

    [Test]
    public void UPGrad_at_the_body_output_matches_the_hand_loop()
    {
        using var run = new ThreeHeadRun(seed: 91);
        using var trainer = new ThreeHeadUpGradAtHidden(run.Generated, run.GeneratedOptimizer);
        var awayFromTheMean = 0;

        run.Train(Steps, (index, x, y) =>
        {
            var weights = HandStep(run, x, y, (perSample, _) =>
            {
                var weights = ConeOracles.UPGrad(ConeOracles.Gramian(SumOverBatch(perSample)));
                if (weights.Any(w => Math.Abs(w - weights[0]) > 1e-3)) awayFromTheMean++;
                return (Combine(perSample, weights), weights);
            });
            var r = trainer.Step(x, y);
            AssertWeights([r.ClassificationWeight, r.ParityWeight, r.ReconstructionWeight], weights, index);
        });

        run.AssertParametersEqual(Tolerance);
        Assert.That(awayFromTheMean, Is.GreaterThan(0), "UPGrad never moved away from equal coefficients, so the aggregation was not exercised");
    }

    [Test]
    public void NashMtl_at_the_body_output_solves_on_the_batch_sum_and_applies_its_weights_to_each_sample()
    {
        // Nash-MTL's α scales as 1/‖g‖: solved on the mean over the batch (or on one sample) instead of the sum, its
        // weights would be B (or √B…) times too large, and α∘(G·α) = 1 would fail for the summed Gramian G.
        using var run = new ThreeHeadRun(seed: 93);
        using var trainer = new ThreeHeadNashAtHidden(run.Generated, run.GeneratedOptimizer);
        Assert.That(run.Batches.Input(0).shape[0], Is.GreaterThanOrEqualTo(2), "the premise: batches of several samples");

        run.Train(Steps, (index, x, y) =>
        {
            var r = trainer.Step(x, y);
            var alpha = new[] { r.ClassificationWeight / Declared[0], r.ParityWeight / Declared[1], r.ReconstructionWeight / Declared[2] };
            HandStep(run, x, y, (perSample, _) =>
            {
                var gramian = ConeOracles.Gramian(SumOverBatch(perSample));
                for (var i = 0; i < 3; i++)
                {
                    var product = Enumerable.Range(0, 3).Sum(j => gramian[i * 3 + j] * alpha[j]);
                    Assert.That(alpha[i] * product, Is.EqualTo(1.0).Within(1e-3), $"α_{i}·(Gα)_{i} at step {index}");
                }
                return (Combine(perSample, alpha), alpha);
            });
        });

        run.AssertParametersEqual(Tolerance);
    }

    [Test]
    public void MGDA_at_the_body_output_matches_the_hand_loop()
    {
        using var run = new ThreeHeadRun(seed: 92);
        using var trainer = new ThreeHeadMgdaAtHidden(run.Generated, run.GeneratedOptimizer);

        run.Train(Steps, (index, x, y) =>
        {
            var weights = HandStep(run, x, y, (perSample, _) =>
            {
                var weights = ConeOracles.MinNorm(ConeOracles.Gramian(SumOverBatch(perSample)));
                return (Combine(perSample, weights), weights);
            });
            var r = trainer.Step(x, y);
            AssertWeights([r.ClassificationWeight, r.ParityWeight, r.ReconstructionWeight], weights, index);
        });

        run.AssertParametersEqual(Tolerance);
    }

    [Test]
    public void GradDrop_matches_the_hand_loop()
    {
        using var run = new ThreeHeadRun(seed: 93);
        using var trainer = new ThreeHeadGradDrop(run.Generated, run.GeneratedOptimizer);
        var state = ThreeHeadGradDrop.Seed;
        var dropped = 0;

        run.Train(Steps, (index, x, y) =>
        {
            HandStep(run, x, y, (perSample, hidden) =>
            {
                var (result, droppedHere) = GradDropByHand(perSample, hidden, ThreeHeadGradDrop.Leak, ref state);
                dropped += droppedHere;
                return (result, [double.NaN, double.NaN, double.NaN]);
            });
            var r = trainer.Step(x, y);
            Assert.That(double.IsNaN(r.ClassificationWeight), Is.True, "GradDrop's result is not a combination: no weight is reported");
        });

        run.AssertParametersEqual(Tolerance);
        Assert.That(dropped, Is.GreaterThan(0), "no gradient element was ever dropped, so the masking was not exercised");
    }

    [Test]
    public void Representation_mode_leaves_no_tensor_behind()
    {
        using var run = new ThreeHeadRun(seed: 94);
        using var upGrad = new ThreeHeadUpGradAtHidden(run.Generated, run.GeneratedOptimizer);
        using var gradDrop = new ThreeHeadGradDrop(run.Hand, run.HandOptimizer);
        void StepBoth(int step, Tensor x, Tensor y)
        {
            upGrad.Step(x, y);
            gradDrop.Step(x, y);
        }
        run.Train(1, StepBoth);
        var afterFirstStep = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        run.Train(5, StepBoth);

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirstStep));
    }

    [Test]
    public void A_smaller_last_batch_is_aggregated_at_its_own_size()
    {
        using var run = new ThreeHeadRun(seed: 95);
        using var trainer = new ThreeHeadUpGradAtHidden(run.Generated, run.GeneratedOptimizer);
        run.Train(2, (index, x, y) =>
        {
            // The second batch keeps only its first 7 rows.
            var rows = index == 0 ? x.shape[0] : 7;
            var input = x.narrow(0, 0, rows);
            var labels = y.narrow(0, 0, rows);
            var weights = HandStep(run, input, labels, (perSample, _) =>
            {
                var weights = ConeOracles.UPGrad(ConeOracles.Gramian(SumOverBatch(perSample)));
                return (Combine(perSample, weights), weights);
            });
            var r = trainer.Step(input, labels);
            AssertWeights([r.ClassificationWeight, r.ParityWeight, r.ReconstructionWeight], weights, index);
        });

        run.AssertParametersEqual(Tolerance);
    }

    /// <summary>
    /// One hand step: <paramref name="aggregate"/> maps the per-loss gradients of the hidden features ([K][B·F]) and the
    /// features themselves to the features' gradient and the coefficients (NaN where none). Returns the coefficients
    /// times the declared weights.
    /// </summary>
    private static double[] HandStep(
        ThreeHeadRun run, Tensor x, Tensor y,
        Func<double[][][], double[][], (double[][] Gradient, double[] Coefficients)> aggregate)
    {
        HandGradients.SetToNone(run.HandOptimizer);
        var net = run.Hand;
        var (hidden, logits, parity, recon) = WithHidden(net, x);
        var weighted = new[] { Classification(logits, y) * Declared[0], Parity(parity, y) * Declared[1], Reconstruction(recon, x) * Declared[2] };
        var batch = (int)hidden.shape[0];
        var features = (int)hidden.shape[1];
        var perSample = new double[3][][];
        for (var i = 0; i < 3; i++)
        {
            weighted[i].backward(retain_graph: true, inputs: [hidden]);
            perSample[i] = Rows(hidden.grad!, batch, features);
            hidden.grad = null;
        }
        var (gradient, coefficients) = aggregate(perSample, Rows(hidden.detach(), batch, features));

        var heads = net.Classifier.parameters().Concat(net.ParityHead.parameters()).Concat(net.Decoder.parameters()).ToArray();
        var total = weighted[0] + weighted[1] + weighted[2];
        total.backward(retain_graph: true, inputs: heads);
        using var hiddenGradient = tensor(gradient.SelectMany(row => row).Select(v => (float)v).ToArray()).reshape(batch, features);
        hidden.backward([hiddenGradient], inputs: net.Body.parameters().ToArray<Tensor>());
        run.HandOptimizer.step();
        return coefficients.Select((c, i) => c * Declared[i]).ToArray();
    }

    /// <summary>GradDrop from the paper's formula, element by element; counts the (loss, feature) pairs its mask dropped.</summary>
    private static (double[][] Gradient, int Dropped) GradDropByHand(double[][][] perSample, double[][] hidden, double leak, ref ulong state)
    {
        var batch = hidden.Length;
        var features = hidden[0].Length;
        var result = Enumerable.Range(0, batch).Select(_ => new double[features]).ToArray();
        var dropped = 0;
        for (var f = 0; f < features; f++)
        {
            var signed = new double[3];
            for (var i = 0; i < 3; i++)
            {
                for (var b = 0; b < batch; b++) signed[i] += Math.Sign(hidden[b][f]) * perSample[i][b][f];
            }
            var purity = 0.5 * (1 + signed.Sum() / (signed.Sum(Math.Abs) + 1e-7));
            var uniform = SeededRandom.NextUniform(ref state);
            for (var i = 0; i < 3; i++)
            {
                var keep = (purity > uniform && signed[i] > 0) || (purity < uniform && signed[i] < 0);
                if (!keep) dropped++;
                var factor = leak + (1 - leak) * (keep ? 1 : 0);
                for (var b = 0; b < batch; b++) result[b][f] += factor * perSample[i][b][f];
            }
        }
        return (result, dropped);
    }

    private static double[][] SumOverBatch(double[][][] perSample) =>
        perSample.Select(rows => Enumerable.Range(0, rows[0].Length).Select(f => rows.Sum(row => row[f])).ToArray()).ToArray();

    private static double[][] Combine(double[][][] perSample, double[] weights) =>
        Enumerable.Range(0, perSample[0].Length)
            .Select(b => Enumerable.Range(0, perSample[0][0].Length).Select(f => Enumerable.Range(0, weights.Length).Sum(i => weights[i] * perSample[i][b][f])).ToArray())
            .ToArray();

    private static double[][] Rows(Tensor values, int batch, int features)
    {
        var flat = values.to(ScalarType.Float64).contiguous().data<double>().ToArray();
        return Enumerable.Range(0, batch).Select(b => flat.AsSpan(b * features, features).ToArray()).ToArray();
    }

    private static void AssertWeights(double[] reported, double[] expected, int step)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.That(reported[i], Is.EqualTo(expected[i]).Within(1e-6 * Math.Max(1, Math.Abs(expected[i]))), $"weight {i} at step {step}");
        }
    }
}
