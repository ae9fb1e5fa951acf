using MultiLoss;
using static TorchSharp.torch;

namespace MultiLoss.Tests.Trainers;

/// <summary>A two-output model through [Forward], a user-declared step with its own parameter names.</summary>
[MultiLossTrainer]
public partial class TwoHeadTrainer
{
    [Model] private readonly TwoHeadNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public TwoHeadTrainer(TwoHeadNet net, optim.Optimizer optimizer)
    {
        this.net = net;
        this.optimizer = optimizer;
    }

    public partial StepResult Train(Tensor images, Tensor labels);

    [Forward]
    private (Tensor logits, Tensor recon) Forward(Tensor images) => net.forward(images);

    [Loss(weight: 1.0)]
    private Tensor Classification(Tensor logits, Tensor labels) => nn.functional.cross_entropy(logits, labels);

    [Loss(weight: 0.1)]
    private Tensor Reconstruction(Tensor recon, Tensor images) => nn.functional.mse_loss(recon, images);
}
