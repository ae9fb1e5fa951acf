using Digits.Model;
using MultiLoss;
using MultiLoss.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>Strategy "sum": one backward of classification + reconstruction, both weighted 1.</summary>
[MultiLossTrainer]
public sealed partial class SumTrainer : IDigitsTrainer
{
    [Model] private readonly DigitsNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public SumTrainer(DigitsNet net, optim.Optimizer optimizer)
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
