using Digits.Strategies;

namespace Digits.Training;

/// <summary>Watches a training run: progress displays, logs.</summary>
public interface ITrainingObserver
{
    /// <param name="epochMeanSoFar">The running mean of this epoch's steps, including this one.</param>
    void OnStep(StepRecord step, StepLosses epochMeanSoFar);

    void OnEpochEnd(int epoch, StepLosses epochMean);
}
