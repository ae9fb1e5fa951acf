using System.IO;
using MultiLoss;
using static TorchSharp.torch;

namespace SeedStrategies;

// GateMode.Add: once Classification is below the threshold, Regression is backpropagated *with* it
// (the seed would hand-write: total = Classification; if (open) total += Regression). Closed: Classification only.
[MultiLossTrainer]
public partial class GateAddTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    public const double Threshold = 0.7;

    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss, GateOn(Threshold, Mode = GateMode.Add)]
    private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);
}

public static class GateAdd
{
    public static void Run(TextWriter log, Device device)
    {
        using var model = SyntheticTask.CreateModel(device);
        using var optimizer = optim.SGD(model.parameters(), learningRate: 0.5);
        using var trainer = new GateAddTrainer(model, optimizer);
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
