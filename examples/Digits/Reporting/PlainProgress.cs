using System;
using System.IO;
using System.Linq;
using Digits.Strategies;
using Digits.Training;

namespace Digits.Reporting;

/// <summary>Progress as one plain line per epoch, for logs and CI where a live bar would be noise.</summary>
public sealed class PlainProgress(TextWriter output) : ITrainingProgress
{
    public T Track<T>(string label, int totalSteps, int epochs, Func<ITrainingObserver, T> train)
    {
        output.WriteLine($"{label}: training {epochs} epochs, {totalSteps} steps");
        return train(new Observer(output, label, epochs, totalSteps));
    }

    private sealed class Observer(TextWriter output, string label, int epochs, int totalSteps) : ITrainingObserver
    {
        private readonly StepStateTally epochState = new();
        private int lastStep;

        public void OnStep(StepRecord step, StepLosses epochMeanSoFar)
        {
            lastStep = step.Step;
            epochState.Add(step.Losses);
        }

        public void OnEpochEnd(int epoch, StepLosses epochMean)
        {
            var details = string.Join("  ", new[] { LossText.Format(epochMean), LossText.FormatWeights(epochMean), epochState.Format() }.Where(part => part.Length > 0));
            output.WriteLine($"{label}  epoch {epoch}/{epochs}  step {lastStep}/{totalSteps}  {details}");
            epochState.Clear();
        }
    }
}
