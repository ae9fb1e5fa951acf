using Digits.Model;
using MultiLoss;
using MultiLoss.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>
/// Strategy "excessmtl", robust multi-task learning with excess risks (He et al., ICML 2024): one backward of
/// α_c·classification + α_r·reconstruction, where after each step α_i ← α_i·exp(η·r_i), renormalised to sum to 2,
/// with r_i loss i's excess risk estimated from its gradient at the shared body relative to the first step's.
/// </summary>
/// <remarks>
/// Both losses are declared with weight 1, as in the paper: the method sets the balance, not a hand-picked 0.5. η =
/// 0.01 (the default). The estimates take each loss's gradient of the shared body's parameters (the [SharedLayer]),
/// one backward per loss; a step's weights come from the step before's gradients.
/// </remarks>
[MultiLossTrainer, ExcessMtl]
public sealed partial class ExcessMtlTrainer : IDigitsTrainer
{
    [Model] private readonly DigitsNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public ExcessMtlTrainer(DigitsNet net, optim.Optimizer optimizer)
    {
        this.net = net;
        this.optimizer = optimizer;
    }

    [SharedLayer] private nn.Module<Tensor, Tensor> Body => net.Body;

    public partial StepResult Step(Tensor images, Tensor labels);

    [Forward]
    private (Tensor logits, Tensor recon) Forward(Tensor images) => net.forward(images);

    [Loss]
    private Tensor Classification(Tensor logits, Tensor labels) => DigitsLosses.Classification(logits, labels);

    [Loss]
    private Tensor Reconstruction(Tensor recon, Tensor images) => DigitsLosses.Reconstruction(recon, images);

    StepLosses IDigitsTrainer.Train(Tensor images, Tensor labels, TrainingReports? reports) => ReportedLosses.Read(Step(images, labels), reports);
}
