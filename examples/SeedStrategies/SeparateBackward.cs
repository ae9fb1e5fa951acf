using System.IO;
using MultiLoss;
using static TorchSharp.torch;

namespace SeedStrategies;

// The seed hand-writes: (0.7 * Classification).backward(retain_graph: true); (0.3 * Regression).backward();
// and must keep retain_graph on every backward but the last. Here Backward = BackwardMode.Separate declares it.
// The gradients add up in .grad to the gradient of the sum, and nothing happens between the two backwards, so the
// generator emits the one backward of the sum: the numbers equal the "weighted" strategy's.
[MultiLossTrainer(Backward = BackwardMode.Separate)]
public partial class SeparateBackwardTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss(weight: 0.7)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.3)]
    private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);
}

public static class SeparateBackward
{
    public static void Run(TextWriter log, Device device)
    {
        using var model = SyntheticTask.CreateModel(device);
        using var optimizer = optim.SGD(model.parameters(), learningRate: 0.5);
        using var trainer = new SeparateBackwardTrainer(model, optimizer);
        using var data = SyntheticTask.CreateData(model);
        for (var i = 0; i < SyntheticTask.Steps; i++)
        {
            var r = trainer.Step(data.Input, data.Target);
            if (SyntheticTask.ShouldPrint(r.StepNumber)) log.WriteLine(r);
        }
    }
}
