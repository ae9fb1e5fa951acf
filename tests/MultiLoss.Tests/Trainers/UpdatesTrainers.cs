using MultiLoss;
using static TorchSharp.torch;

namespace MultiLoss.Tests.Trainers;

/// <summary>Reconstruction trains only the decoder; Classification and Sparsity train everything they reach.</summary>
[MultiLossTrainer]
public partial class RestrictedLossTrainer(SharedBodyNet net, optim.Optimizer optimizer)
{
    [Model] private readonly SharedBodyNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    private nn.Module<Tensor, Tensor> Decoder => net.Decoder;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward]
    private (Tensor logits, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss]
    private Tensor Classification(Tensor logits, Tensor labels) => nn.functional.cross_entropy(logits, labels);

    [Loss(weight: 0.5, Updates = nameof(Decoder))]
    private Tensor Reconstruction(Tensor recon, Tensor input) => nn.functional.mse_loss(recon, input);

    [Loss(weight: 0.1)]
    private Tensor Sparsity(Tensor logits) => logits.abs().mean();
}

/// <summary>The same losses with separate backward: the restricted loss keeps the seed's one-backward-per-loss form.</summary>
[MultiLossTrainer(Backward = BackwardMode.Separate)]
public partial class SeparateRestrictedTrainer(SharedBodyNet net, optim.Optimizer optimizer)
{
    [Model] private readonly SharedBodyNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    private nn.Module<Tensor, Tensor> Decoder => net.Decoder;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward]
    private (Tensor logits, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss]
    private Tensor Classification(Tensor logits, Tensor labels) => nn.functional.cross_entropy(logits, labels);

    [Loss(weight: 0.5, Updates = nameof(Decoder))]
    private Tensor Reconstruction(Tensor recon, Tensor input) => nn.functional.mse_loss(recon, input);

    /// <summary>An alias of the last loss's graph, so a test can show the step freed it.</summary>
    public Tensor? LastGraph { get; private set; }

    [Loss(weight: 0.1)]
    private Tensor Sparsity(Tensor logits)
    {
        var loss = logits.abs().mean();
        LastGraph?.Dispose();
        LastGraph = loss.mul(1.0).DetachFromDisposeScope();
        return loss;
    }
}
