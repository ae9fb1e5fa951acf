using static TorchSharp.torch;

namespace MultiLoss.CheckpointChild;

/// <summary>A shared body with dropout (so the run draws from torch's generator) and two heads.</summary>
public sealed class ChildNet : nn.Module<Tensor, (Tensor logits, Tensor recon)>
{
    public const int Features = 8;
    public const int Classes = 4;

    private readonly nn.Module<Tensor, Tensor> body = nn.Sequential(nn.Linear(Features, 16), nn.Tanh(), nn.Dropout(0.2));
    private readonly nn.Module<Tensor, Tensor> classifier = nn.Linear(16, Classes);
    private readonly nn.Module<Tensor, Tensor> decoder = nn.Linear(16, Features);

    public ChildNet() : base(nameof(ChildNet)) => RegisterComponents();

    public override (Tensor logits, Tensor recon) forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var hidden = body.forward(input);
        return (classifier.forward(hidden).MoveToOuterDisposeScope(), decoder.forward(hidden).MoveToOuterDisposeScope());
    }
}

/// <summary>The dynamic weight average: state that changes within an epoch and at its end.</summary>
[MultiLossTrainer, DynamicWeightAverage]
public partial class ChildTrainer(ChildNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ChildNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => nn.functional.cross_entropy(logits, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => nn.functional.mse_loss(recon, input);
}
