using System;
using Digits.Training;
using MultiLoss;

namespace Digits.Strategies;

/// <summary>Something done with a trainer's step whatever its <c>StepResult</c> type: <see cref="IDigitsTrainer.Accept{TResult}"/> calls it.</summary>
/// <typeparam name="TResult">What the visit returns.</typeparam>
public interface IStepVisitor<out TResult>
{
    /// <param name="trainer">The trainer (its <see cref="IMultiLossTrainer.EndEpoch"/> is the fit loop's to call).</param>
    /// <param name="step">One optimisation step of the trainer on a batch.</param>
    TResult Visit<TReport>(IMultiLossTrainer trainer, Func<DigitsBatch, TReport> step) where TReport : ITrainingReport;
}
