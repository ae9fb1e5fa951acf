using System.IO;
using MultiLoss;
using static TorchSharp.torch;

namespace SeedStrategies;

// Latch = true: the first time Classification is below the threshold the gate opens and stays open, so
// Classification is no longer read on the host (the seed would hand-write a bool field and its check).
[MultiLossTrainer]
public partial class GateLatchTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    public const double Threshold = 0.7;

    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss, GateOn(Threshold, Latch = true)]
    private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);
}

public static class GateLatch
{
    public static void Run(TextWriter log, Device device)
    {
        using var model = SyntheticTask.CreateModel(device);
        using var optimizer = optim.SGD(model.parameters(), learningRate: 0.5);
        using var trainer = new GateLatchTrainer(model, optimizer);
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
