using System.IO;
using MultiLoss;
using static TorchSharp.torch;

namespace SeedStrategies;

// The seed hand-writes: compute Classification; if it is below the threshold, compute Regression and
// backprop it alone, else backprop Classification alone. Here [GateOn(threshold)] on Regression says it all;
// Regression is not computed (reads NaN) while closed. The output shows the seed's rule flipping back and forth.
[MultiLossTrainer]
public partial class ThresholdGateTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    public const double Threshold = 0.7;

    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss, GateOn(Threshold)]
    private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);
}

public static class ThresholdGate
{
    public static void Run(TextWriter log, Device device)
    {
        using var model = SyntheticTask.CreateModel(device);
        using var optimizer = optim.SGD(model.parameters(), learningRate: 0.5);
        using var trainer = new ThresholdGateTrainer(model, optimizer);
        using var data = SyntheticTask.CreateData(model);
        var wasOpen = false;
        for (var i = 0; i < SyntheticTask.Steps; i++)
        {
            var r = trainer.Step(data.Input, data.Target);
            if (SyntheticTask.ShouldPrint(r.StepNumber) || r.RegressionGateOpen != wasOpen)
            {
                log.WriteLine(r);
            }
            wasOpen = r.RegressionGateOpen;
        }
    }
}
