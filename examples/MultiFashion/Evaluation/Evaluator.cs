using System;
using MultiFashion.Data;
using MultiFashion.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiFashion.Evaluation;

/// <summary>Scores a trained network on held-out samples, both heads, in batches.</summary>
public static class Evaluator
{
    private const int BatchSize = 1000;

    public static TaskAccuracies Evaluate(MultiFashionNet net, MultiFashionSet test)
    {
        using var noGrad = no_grad();
        var wasTraining = net.training;
        net.eval();
        try
        {
            long leftCorrect = 0, rightCorrect = 0;
            for (var start = 0; start < test.Count; start += BatchSize)
            {
                using var scope = NewDisposeScope();
                var count = Math.Min(BatchSize, test.Count - start);
                var (left, right) = net.forward(test.Images.narrow(0, start, count));
                leftCorrect += left.argmax(1).eq(test.LeftLabels.narrow(0, start, count)).sum().item<long>();
                rightCorrect += right.argmax(1).eq(test.RightLabels.narrow(0, start, count)).sum().item<long>();
            }
            return new TaskAccuracies(leftCorrect / (double)test.Count, rightCorrect / (double)test.Count);
        }
        finally
        {
            net.train(wasTraining);
        }
    }
}
