// What the doc's lines use: the trainer with its method left open (declared as docs/reference.md shows it, with a
// loss), and a network and an optimizer for each of the three trainers.
using MultiLoss;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

var net = new Net();
var net2 = new Net();
var net3 = new Net();
var optimizer = optim.Adam(net.parameters());
var optimizer2 = optim.Adam(net2.parameters());
var optimizer3 = optim.Adam(net3.parameters());

/* the doc's block */

[MultiLossTrainer]
public partial class Trainer(Net net, optim.Optimizer optimizer, TrainingMethodAttribute method)
{
    [Model] private readonly Net net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [Method] private readonly TrainingMethodAttribute method = method;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => net.Body;

    [Loss] private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.1)] private Tensor Confidence(Tensor output) => output.pow(2).mean();
}

public sealed class Net : nn.Module<Tensor, Tensor>
{
    public Net() : base(nameof(Net)) => RegisterComponents();

    public Sequential Body { get; } = nn.Sequential(nn.Linear(64, 32), nn.ReLU());

    public Linear Classifier { get; } = nn.Linear(32, 10);

    public override Tensor forward(Tensor input) => Classifier.forward(Body.forward(input));
}
