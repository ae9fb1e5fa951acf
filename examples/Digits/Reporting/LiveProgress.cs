using System;
using Digits.Strategies;
using Digits.Training;
using Spectre.Console;

namespace Digits.Reporting;

/// <summary>A Spectre.Console progress bar, for a terminal: epoch, step and each loss's running epoch mean.</summary>
public sealed class LiveProgress(IAnsiConsole console) : ITrainingProgress
{
    public T Track<T>(string label, int totalSteps, int epochs, Func<ITrainingObserver, T> train) =>
        console.Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(label), maxValue: totalSteps);
                return train(new Observer(task, label, epochs, totalSteps));
            });

    private sealed class Observer(ProgressTask task, string label, int epochs, int totalSteps) : ITrainingObserver
    {
        public void OnStep(StepRecord step, StepLosses epochMeanSoFar)
        {
            task.Description = Markup.Escape(
                $"{label}  epoch {step.Epoch}/{epochs}  step {step.Step}/{totalSteps}  {LossText.Format(epochMeanSoFar)}");
            task.Increment(1);
        }

        public void OnEpochEnd(int epoch, StepLosses epochMean)
        {
        }
    }
}
