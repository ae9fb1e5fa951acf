using System;
using System.Linq;
using MultiLoss.Runtime;
using MultiLoss.Tests.Trainers;
using MultiLoss.Methods.Tests;
using NUnit.Framework;
using TorchSharp;
using TorchSharp.Modules;
using static MultiLoss.Tests.Trainers.ThreeHeadLosses;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// MGDA, UPGrad, DualProj and CAGrad in generated steps against hand loops: per-loss gradients of the shared parameters
/// by hand, their weights from <see cref="ConeOracles"/> (every active set tried, or a search over the simplex: not the
/// runtime's solvers), the combination written into the shared gradients, the weighted sum backpropagated into the
/// others. 20 steps with Adam, parameters to 1e-5.
/// </summary>
[TestFixture]
public sealed class ConeMethodTests
{
    private const int Steps = 20;
    private static readonly double[] Declared = [1.0, 0.5, 0.5];

    /// <summary>DualProj's trainer weighs Parity so lightly that its gradient, where it opposes the others, opposes their mean.</summary>
    private static readonly double[] DualProjDeclared = [1.0, 0.02, 0.5];

    [Test]
    public void MGDA_with_L2_normalisation_matches_the_hand_loop()
    {
        using var run = new ThreeHeadRun(seed: 81);
        using var trainer = new ThreeHeadMgda(run.Generated, run.GeneratedOptimizer);

        HandLoop(run, sharedBody: true, g =>
        {
            // Sener & Koltun's min-norm point of the unit gradients, as coefficients of the original ones.
            var norms = Enumerable.Range(0, 3).Select(i => Math.Sqrt(g[i * 3 + i])).ToArray();
            var unit = g.Select((value, k) => value / (norms[k / 3] * norms[k % 3])).ToArray();
            return ConeOracles.MinNorm(unit).Select((a, i) => a / norms[i]).ToArray();
        }, (x, y) => Reported(trainer.Step(x, y)));
    }

    [Test]
    public void UPGrad_over_every_parameter_matches_the_hand_loop()
    {
        using var run = new ThreeHeadRun(seed: 82);
        using var trainer = new ThreeHeadUpGrad(run.Generated, run.GeneratedOptimizer);

        HandLoop(run, sharedBody: false, ConeOracles.UPGrad, (x, y) => Reported(trainer.Step(x, y)));
    }

    [Test]
    public void DualProj_matches_the_hand_loop()
    {
        using var run = new ThreeHeadRun(seed: 83);
        using var trainer = new ThreeHeadDualProj(run.Generated, run.GeneratedOptimizer);

        HandLoop(run, sharedBody: true, ConeOracles.DualProj, (x, y) => Reported(trainer.Step(x, y)), DualProjDeclared);
    }

    [Test]
    public void CAGrad_matches_the_hand_loop()
    {
        using var run = new ThreeHeadRun(seed: 84);
        using var trainer = new ThreeHeadCaGrad(run.Generated, run.GeneratedOptimizer);

        // c = 0.4, divided by 1 + c² as declared.
        HandLoop(run, sharedBody: true, g => ConeOracles.CAGrad(g, 0.4, out _).Select(w => w / 1.16).ToArray(), (x, y) => Reported(trainer.Step(x, y)));
    }

    [Test]
    public void The_cone_methods_leave_no_tensor_behind()
    {
        using var run = new ThreeHeadRun(seed: 85);
        using var mgda = new ThreeHeadMgda(run.Generated, run.GeneratedOptimizer);
        using var upGrad = new ThreeHeadUpGrad(run.Hand, run.HandOptimizer);
        using var dualProj = new ThreeHeadDualProj(run.Generated, run.GeneratedOptimizer);
        using var caGrad = new ThreeHeadCaGrad(run.Hand, run.HandOptimizer);
        void StepAll(int step, Tensor x, Tensor y)
        {
            mgda.Step(x, y);
            upGrad.Step(x, y);
            dualProj.Step(x, y);
            caGrad.Step(x, y);
        }
        run.Train(1, StepAll);
        var afterFirstStep = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        run.Train(10, StepAll);

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirstStep));
    }

    private static double[] Reported(ThreeHeadMgda.StepResult r) => [r.ClassificationWeight, r.ParityWeight, r.ReconstructionWeight];

    private static double[] Reported(ThreeHeadUpGrad.StepResult r) => [r.ClassificationWeight, r.ParityWeight, r.ReconstructionWeight];

    private static double[] Reported(ThreeHeadDualProj.StepResult r) => [r.ClassificationWeight, r.ParityWeight, r.ReconstructionWeight];

    private static double[] Reported(ThreeHeadCaGrad.StepResult r) => [r.ClassificationWeight, r.ParityWeight, r.ReconstructionWeight];

    /// <summary>
    /// The hand loop: <paramref name="coefficients"/> maps the Gramian of the weighted losses' gradients to the
    /// coefficients of those gradients; <paramref name="step"/> runs the generated step and returns the weights it reports.
    /// </summary>
    private static void HandLoop(ThreeHeadRun run, bool sharedBody, Func<double[], double[]> coefficients, Func<Tensor, Tensor, double[]> step, double[]? declared = null)
    {
        declared ??= Declared;
        var bodyParameters = run.Hand.Body.parameters().ToArray();
        var shared = sharedBody ? bodyParameters : run.Hand.parameters().ToArray();
        var others = sharedBody ? run.Hand.parameters().Where(p => !bodyParameters.Contains(p)).ToArray() : [];
        var awayFromTheMean = 0;

        run.Train(Steps, (index, x, y) =>
        {
            HandGradients.SetToNone(run.HandOptimizer);
            var (logits, parity, recon) = run.Hand.forward(x);
            var losses = new[] { Classification(logits, y) * declared[0], Parity(parity, y) * declared[1], Reconstruction(recon, x) * declared[2] };
            var rows = new double[3][];
            for (var i = 0; i < 3; i++)
            {
                losses[i].backward(retain_graph: true, inputs: shared);
                rows[i] = Flat(shared);
                foreach (var p in shared) p.grad = null;
            }
            var weights = coefficients(ConeOracles.Gramian(rows));
            SetGradients(shared, ConeOracles.Combine(rows, weights));
            if (others.Length > 0) (losses[0] + losses[1] + losses[2]).backward(inputs: others);
            run.HandOptimizer.step();
            if (weights.Any(w => Math.Abs(w - weights[0]) > 1e-3)) awayFromTheMean++;

            var reported = step(x, y);
            for (var i = 0; i < 3; i++)
            {
                // The runtime's Gramian is summed in float32, the gradients' dtype; the oracle's in float64: they agree
                // to a few parts in 10⁶, more after MGDA's division by the norms.
                Assert.That(reported[i], Is.EqualTo(weights[i] * declared[i]).Within(1e-5 * Math.Max(1, Math.Abs(weights[i]))), $"weight {i} at step {index}");
            }
        });

        run.AssertParametersEqual(1e-5);
        Assert.That(awayFromTheMean, Is.GreaterThan(0), "the method never moved away from equal coefficients, so the aggregation was not exercised");
    }

    /// <summary>The parameters' gradients, one after the other, as doubles (none counts as zeros).</summary>
    private static double[] Flat(Parameter[] parameters)
    {
        using var scope = NewDisposeScope();
        var parts = parameters.Select(p => p.grad is { } g ? g.flatten() : zeros(p.numel())).ToArray();
        return cat(parts).to(ScalarType.Float64).data<double>().ToArray();
    }

    private static void SetGradients(Parameter[] parameters, double[] values)
    {
        var offset = 0;
        foreach (var p in parameters)
        {
            var count = (int)p.numel();
            using var gradient = tensor(values.AsSpan(offset, count).ToArray(), dtype: p.dtype).view(p.shape);
            p.grad = gradient;
            offset += count;
        }
    }
}
