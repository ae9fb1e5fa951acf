using System.IO;
using MultiLoss;
using static TorchSharp.torch;

namespace SeedStrategies;

// The seed hand-writes every step: zero_grad; output = model.forward(input);
// (Classification(output, target) + Regression(output, target)).backward(); optimizer.step().
// Here [Loss] on each loss method (weight 1) is the whole configuration: the generator writes Step().
[MultiLossTrainer]
public partial class SumOfLossesTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss]
    private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);
}

public static class SumOfLosses
{
    public static void Run(TextWriter log, Device device)
    {
        using var model = SyntheticTask.CreateModel(device);
        using var optimizer = optim.SGD(model.parameters(), learningRate: 0.5);
        using var trainer = new SumOfLossesTrainer(model, optimizer);
        using var data = SyntheticTask.CreateData(model);
        for (var i = 0; i < SyntheticTask.Steps; i++)
        {
            var r = trainer.Step(data.Input, data.Target);
            if (SyntheticTask.ShouldPrint(r.StepNumber)) log.WriteLine(r);
        }
    }
}
