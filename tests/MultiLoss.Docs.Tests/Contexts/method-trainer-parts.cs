// The parts of the trainer that a method's doc leaves out ("[Model], [Optimizer], [SharedLayer] (optional), [Loss]
// methods"), in a second part of the doc's partial class Trainer.
using MultiLoss;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/* the doc's block */

public partial class Trainer(Sequential body, nn.Module<Tensor, Tensor> head, optim.Optimizer optimizer)
{
    [Model] private readonly Sequential model = nn.Sequential(("body", body), ("head", head));
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => body;

    [Loss] private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.1)] private Tensor Confidence(Tensor output) => output.pow(2).mean();
}
