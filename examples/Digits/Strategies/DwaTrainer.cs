using Digits.Model;
using MultiLoss;
using MultiLoss.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>
/// Strategy "dwa", dynamic weight average (Liu, Johns &amp; Davison 2019): one backward of
/// λ_c·classification + λ_r·reconstruction, with λ = 1 in the first two epochs and from the third
/// λ_i = 2·softmax(r/2)_i, r_i = (mean of loss i over the last epoch) / (its mean over the epoch before).
/// </summary>
/// <remarks>
/// Both losses are declared with weight 1, as in the paper: the weights sum to 2, and the loss that fell more slowly
/// over the last epoch gets more of it. Temperature 2 (the paper's and the generator's default). The training loop
/// calls <see cref="EndEpoch"/> (generated) after each epoch, through <see cref="IEpochAwareTrainer"/>.
/// </remarks>
[MultiLossTrainer, DynamicWeightAverage]
public sealed partial class DwaTrainer : IEpochAwareTrainer
{
    [Model] private readonly DigitsNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public DwaTrainer(DigitsNet net, optim.Optimizer optimizer)
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
