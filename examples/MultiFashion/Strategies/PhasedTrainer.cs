using System;
using MultiFashion.Model;
using MultiLoss;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiFashion.Strategies;

/// <summary>
/// Strategy "phased": phase 1 trains the left task alone for the first quarter of the run's steps
/// (<see cref="FirstPhaseSteps"/>); phase 2 trains left + right. The phase ends by a condition, so that it is a quarter of
/// any run's length.
/// </summary>
[MultiLossTrainer]
[Phase(1, Until = nameof(FirstPhaseDone))]
[Phase(2)]
public sealed partial class PhasedTrainer : IFashionTrainer
{
    [Model] private readonly MultiFashionNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    /// <param name="totalSteps">The steps the run will take; the first quarter of them (at least one) is phase 1.</param>
    public PhasedTrainer(MultiFashionNet net, optim.Optimizer optimizer, int totalSteps)
    {
        this.net = net;
        this.optimizer = optimizer;
        FirstPhaseSteps = Math.Max(1, totalSteps / 4);
    }

    /// <summary>How many steps phase 1 (the left task alone) lasts.</summary>
    public int FirstPhaseSteps { get; }

    /// <summary>Checked after each phase-1 step; StepsTaken counts that step.</summary>
    private bool FirstPhaseDone() => StepsTaken >= FirstPhaseSteps;

    public partial StepResult Step(Tensor images, Tensor leftLabels, Tensor rightLabels);

    [Forward]
    private (Tensor leftLogits, Tensor rightLogits) Forward(Tensor images) => net.forward(images);

    [Loss]
    private Tensor Left(Tensor leftLogits, Tensor leftLabels) => FashionLosses.Classification(leftLogits, leftLabels);

    [Loss, Phase(2)]
    private Tensor Right(Tensor rightLogits, Tensor rightLabels) => FashionLosses.Classification(rightLogits, rightLabels);

    TResult IFashionTrainer.Accept<TResult>(IStepVisitor<TResult> visitor) => visitor.Visit(this, batch => Step(batch.Images, batch.LeftLabels, batch.RightLabels));
}
