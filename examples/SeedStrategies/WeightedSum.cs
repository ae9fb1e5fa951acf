using System.IO;
using MultiLoss;
using static TorchSharp.torch;

namespace SeedStrategies;

// The seed hand-writes every step: zero_grad; forward; (0.7 * Classification + 0.3 * Regression).backward();
// optimizer.step(), with the weights repeated wherever the total is built or logged.
// Here each weight sits on its loss, [Loss(weight: w)]; the generator builds the weighted total.
[MultiLossTrainer]
public partial class WeightedSumTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss(weight: 0.7)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.3)]
    private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);
}

public static class WeightedSum
{
    public static void Run(TextWriter log, Device device)
    {
        using var model = SyntheticTask.CreateModel(device);
        using var optimizer = optim.SGD(model.parameters(), learningRate: 0.5);
        using var trainer = new WeightedSumTrainer(model, optimizer);
        using var data = SyntheticTask.CreateData(model);
        for (var i = 0; i < SyntheticTask.Steps; i++)
        {
            var r = trainer.Step(data.Input, data.Target);
            if (SyntheticTask.ShouldPrint(r.StepNumber)) log.WriteLine(r);
        }
    }
}
