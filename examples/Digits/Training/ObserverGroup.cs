using System.Collections.Generic;
using Digits.Strategies;

namespace Digits.Training;

/// <summary>Passes every event on to each of several observers, in order.</summary>
public sealed class ObserverGroup(IReadOnlyList<ITrainingObserver> observers) : ITrainingObserver
{
    public void OnStep(StepRecord step, StepLosses epochMeanSoFar)
    {
        foreach (var observer in observers) observer.OnStep(step, epochMeanSoFar);
    }

    public void OnEpochEnd(int epoch, StepLosses epochMean)
    {
        foreach (var observer in observers) observer.OnEpochEnd(epoch, epochMean);
    }
}
