// A program with a trained trainer and its data (x, y), where the doc's lines run.
using System;
using MultiLoss;
using MultiLoss.Logging;
using TorchSharp;
using static TorchSharp.torch;

using var model = nn.Linear(8, 3);
using var trainer = new Trainer(model, optim.Adam(model.parameters()));
using var x = randn(16, 8);
using var y = randint(0, 3, 16);

/* the doc's block */

[MultiLossTrainer]
public partial class Trainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss] private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.1)] private Tensor Confidence(Tensor output) => output.pow(2).mean();
}
