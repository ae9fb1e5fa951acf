using System;
using Digits.Training;

namespace Digits.Reporting;

/// <summary>Shows a training run's progress while <c>train</c> runs, through the observer it is handed.</summary>
public interface ITrainingProgress
{
    T Track<T>(string label, int totalSteps, int epochs, Func<ITrainingObserver, T> train);
}
