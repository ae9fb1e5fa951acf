// A trainer's file: the usings and the docs' two-task network (a shared body, a classifier and a decoder head), which
// the doc's block trains.
using MultiLoss;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/* the doc's block */

public sealed class Net : nn.Module<Tensor, Tensor>
{
    public Net() : base(nameof(Net)) => RegisterComponents();

    public Sequential Body { get; } = nn.Sequential(nn.Linear(64, 32), nn.ReLU());

    public Linear Classifier { get; } = nn.Linear(32, 10);

    public Linear Decoder { get; } = nn.Linear(32, 64);

    public override Tensor forward(Tensor input) => Classifier.forward(Body.forward(input));
}
