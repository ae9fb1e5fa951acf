using System;
using Digits.Model;
using Digits.Training;
using MultiLoss;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>
/// Strategy "phased": phase 1 pretrains the shared body as an autoencoder, 0.5 · reconstruction alone, for the first
/// quarter of the run's steps (<see cref="PretrainingSteps"/>: 450 of a default run's 1,800); phase 2 trains both
/// losses, 1.0 · classification and 0.5 · reconstruction, declared with one backward per loss (which the generator
/// runs as one backward of their sum).
/// </summary>
/// <remarks>
/// Not the seed's literal "weighted sum, then separate backward" with the same losses in both phases: separate
/// backward accumulates the same gradient as one backward of the sum, so that schedule is the weighted strategy up to
/// float rounding (measured: the loss CSVs are identical for the first 452 steps, then differ by at most 3e-7). Here the
/// phases change which losses train. Phase 2's separate backward is kept from the seed's example; the generator runs
/// it as the combined backward it equals (compare the "separate" and "weighted" strategies).
/// The phase ends by a condition (<c>Until</c>) rather than a fixed <c>Steps</c> count, so that it is a quarter of
/// any run's length (a 2-epoch run pretrains for 22 of its 90 steps, not all of them).
/// </remarks>
[MultiLossTrainer]
[Phase(1, Until = nameof(PretrainingDone))]
[Phase(2, Backward = BackwardMode.Separate)]
public sealed partial class PhasedTrainer : IDigitsTrainer
{
    [Model] private readonly DigitsNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    /// <param name="totalSteps">The steps the run will take; the first quarter of them (at least one) is phase 1.</param>
    public PhasedTrainer(DigitsNet net, optim.Optimizer optimizer, int totalSteps)
    {
        this.net = net;
        this.optimizer = optimizer;
        PretrainingSteps = Math.Max(1, totalSteps / 4);
    }

    /// <summary>How many steps phase 1 (reconstruction alone) lasts.</summary>
    public int PretrainingSteps { get; }

    /// <summary>Checked after each phase-1 step; StepsTaken counts that step.</summary>
    private bool PretrainingDone() => StepsTaken >= PretrainingSteps;

    public partial StepResult Step(Tensor images, Tensor labels);

    [Forward]
    private (Tensor logits, Tensor recon) Forward(Tensor images) => net.forward(images);

    [Loss(weight: 1.0), Phase(2)]
    private Tensor Classification(Tensor logits, Tensor labels) => DigitsLosses.Classification(logits, labels);

    [Loss(weight: 0.5)]
    private Tensor Reconstruction(Tensor recon, Tensor images) => DigitsLosses.Reconstruction(recon, images);

    TResult IDigitsTrainer.Accept<TResult>(IStepVisitor<TResult> visitor) => visitor.Visit(this, batch => Step(batch.Images, batch.Labels));
}
