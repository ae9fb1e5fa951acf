using System;
using Digits.Strategies;
using Digits.Training;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Digits.Reporting;

/// <summary>
/// A Spectre.Console progress bar, for a terminal: epoch and step on the bar's line, each loss's running epoch mean
/// on the line below (one line would not fit 80 columns), and for a strategy that adapts its weights, their running
/// epoch mean on a third line.
/// </summary>
public sealed class LiveProgress(IAnsiConsole console) : ITrainingProgress
{
    public T Track<T>(string label, int totalSteps, int epochs, Func<ITrainingObserver, T> train)
    {
        var observer = new Observer(label, epochs, totalSteps);
        return console.Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn { Width = 25 },
                new PercentageColumn(),
                new ElapsedTimeColumn())
            .UseRenderHook((bar, _) => new Rows(bar, new Text(observer.LossLine)))
            .Start(context =>
            {
                observer.Task = context.AddTask(Markup.Escape(label), maxValue: totalSteps);
                return train(observer);
            });
    }

    private sealed class Observer(string label, int epochs, int totalSteps) : ITrainingObserver
    {
        private readonly StepStateTally epochState = new();
        private volatile string lossLine = "";

        public ProgressTask? Task { get; set; }

        /// <summary>Read by the render thread; two lines when there are weights.</summary>
        public string LossLine => lossLine;

        public void OnStep(StepRecord step, StepLosses epochMeanSoFar)
        {
            epochState.Add(step.Losses);
            var state = epochState.Format();
            var weights = LossText.FormatWeights(epochMeanSoFar);
            lossLine = LossText.Format(epochMeanSoFar) + (state.Length == 0 ? "" : "  " + state) + (weights.Length == 0 ? "" : "\n" + weights);
            Task!.Description = Markup.Escape($"{label}  epoch {step.Epoch}/{epochs}  step {step.Step}/{totalSteps}");
            Task.Increment(1);
        }

        public void OnEpochEnd(int epoch, StepLosses epochMean) => epochState.Clear();
    }
}
