// A trainer whose members the doc's block shows: its network gives the two outputs the block's forward returns.
using MultiLoss;
using TorchSharp;
using static TorchSharp.torch;

[MultiLossTrainer]
public partial class Trainer(nn.Module<Tensor, (Tensor, Tensor)> net, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, (Tensor, Tensor)> net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    /* the doc's block */
}
