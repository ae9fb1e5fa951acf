using System;
using MultiFashion.Training;
using MultiLoss;

namespace MultiFashion.Strategies;

/// <summary>Something done with a trainer's step whatever its <c>StepResult</c> type: <see cref="IFashionTrainer.Accept{TResult}"/> calls it.</summary>
/// <typeparam name="TResult">What the visit returns.</typeparam>
public interface IStepVisitor<out TResult>
{
    /// <param name="trainer">The trainer (its <see cref="IMultiLossTrainer.EndEpoch"/> is the fit loop's to call).</param>
    /// <param name="step">One optimisation step of the trainer on a batch.</param>
    TResult Visit<TReport>(IMultiLossTrainer trainer, Func<FashionBatch, TReport> step) where TReport : ITrainingReport;
}
