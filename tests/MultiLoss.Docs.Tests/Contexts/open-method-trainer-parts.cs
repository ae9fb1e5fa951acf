// The trainer's losses, which the doc's "[Loss] methods as usual" leaves out, in a second part of its partial class,
// and the network it names.
using MultiLoss;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/* the doc's block */

public partial class Trainer
{
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
