using Digits.Model;
using MultiLoss;
using MultiLoss.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>
/// Strategy "gls", the geometric loss strategy (Chennupati et al. 2019): one backward of the geometric mean of the
/// losses, √(classification · reconstruction).
/// </summary>
/// <remarks>
/// Both losses are declared with weight 1: the declared weights are the exponents of a weighted geometric mean, and
/// equal ones give the plain geometric mean. Each loss's effective weight is ∂total/∂L_i = total/(2·L_i), so the
/// smaller loss is weighted more.
/// </remarks>
[MultiLossTrainer, GeometricLossStrategy]
public sealed partial class GlsTrainer : IDigitsTrainer
{
    [Model] private readonly DigitsNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public GlsTrainer(DigitsNet net, optim.Optimizer optimizer)
    {
        this.net = net;
        this.optimizer = optimizer;
    }

    public partial StepResult Step(Tensor images, Tensor labels);

    [Forward]
    private (Tensor logits, Tensor recon) Forward(Tensor images) => net.forward(images);

    [Loss]
    private Tensor Classification(Tensor logits, Tensor labels) => DigitsLosses.Classification(logits, labels);

    [Loss]
    private Tensor Reconstruction(Tensor recon, Tensor images) => DigitsLosses.Reconstruction(recon, images);

    StepLosses IDigitsTrainer.Train(Tensor images, Tensor labels, TrainingReports? reports) => ReportedLosses.Read(Step(images, labels), reports);
}
