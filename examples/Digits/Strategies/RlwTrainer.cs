using Digits.Model;
using MultiLoss;
using MultiLoss.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>
/// Strategy "rlw", random loss weighting (Lin et al., TMLR 2022): one backward of λ_c·classification +
/// λ_r·reconstruction with λ = softmax(z), z ~ N(0, I) drawn afresh every step.
/// </summary>
/// <remarks>
/// Both losses are declared with weight 1, as in the paper: the method sets the balance, not a hand-picked 0.5. The
/// weights then sum to 1 in every step (the plain sum's sum to 2). The draws use the attribute's seed (0), not the
/// run's, so every seed of a sweep draws the same sequence of weights.
/// </remarks>
[MultiLossTrainer, RandomLossWeighting]
public sealed partial class RlwTrainer : IDigitsTrainer
{
    [Model] private readonly DigitsNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public RlwTrainer(DigitsNet net, optim.Optimizer optimizer)
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
