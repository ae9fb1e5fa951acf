using Digits.Data;
using Digits.Model;
using Digits.Strategies;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Evaluation;

/// <summary>Scores a trained network on held-out images.</summary>
public static class Evaluator
{
    public static TestMetrics Evaluate(DigitsNet net, DigitsTensors test)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var wasTraining = net.training;
        net.eval();
        try
        {
            var (logits, recon) = net.forward(test.Images);
            var accuracy = logits.argmax(1).eq(test.Labels).to_type(ScalarType.Float64).mean().item<double>();
            var mse = DigitsLosses.Reconstruction(recon, test.Images).to_type(ScalarType.Float64).item<double>();
            return new TestMetrics(accuracy, mse);
        }
        finally
        {
            net.train(wasTraining);
        }
    }
}
