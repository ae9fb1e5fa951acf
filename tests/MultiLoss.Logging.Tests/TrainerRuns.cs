using System;
using static TorchSharp.torch;

namespace MultiLoss.Logging.Tests;

/// <summary>Trains one of the test trainers (by name) on <see cref="TwoBatches"/> and shows each step's report to a visitor.</summary>
public static class TrainerRuns
{
    public const string HostGate = "host gate";
    public const string DeviceGate = "device gate";
    public const string Phased = "phased";
    public const string Uncertainty = "uncertainty";
    public const string Controlled = "skip, accumulation, warm-up";
    public const string Metric = "metric";

    public static readonly string[] All = [HostGate, DeviceGate, Phased, Uncertainty, Controlled, Metric];

    /// <summary>The step with NaN inputs in <see cref="Controlled"/>'s runs (its total is not finite, so it is skipped).</summary>
    public const int SkippedStep = 6;

    /// <param name="evaluations">Show the visitor, after each step, the trainer's evaluation of the same batch instead of the
    /// step; the trainer evaluates twice, so that its evaluations no longer count like its steps.</param>
    public static void Run(string trainer, int steps, IStepVisitor visitor, int seed = 1, bool evaluations = false)
    {
        using var batches = new TwoBatches(seed);
        switch (trainer)
        {
            case HostGate:
            {
                using var t = new HostGateTrainer(batches.Model, batches.Optimizer);
                Train(batches, steps, visitor, evaluations, t.Step, t.Evaluate);
                break;
            }
            case DeviceGate:
            {
                using var t = new DeviceGateTrainer(batches.Model, batches.Optimizer);
                Train(batches, steps, visitor, evaluations, t.Step, t.Evaluate);
                break;
            }
            case Phased:
            {
                using var t = new PhasedTrainer(batches.Model, batches.Optimizer);
                Train(batches, steps, visitor, evaluations, t.Step, t.Evaluate);
                break;
            }
            case Uncertainty:
            {
                using var t = new UncertaintyTrainer(batches.Model, batches.Optimizer);
                Train(batches, steps, visitor, evaluations, t.Step, t.Evaluate);
                break;
            }
            case Metric:
            {
                using var t = new MetricTrainer(batches.Model, batches.Optimizer);
                Train(batches, steps, visitor, evaluations, t.Step, t.Evaluate);
                break;
            }
            case Controlled:
            {
                using var t = new ControlledTrainer(batches.Model, batches.Optimizer);
                Train(batches, steps, visitor, evaluations, t.Step, t.Evaluate, nanAtStep: SkippedStep);
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(trainer), trainer, "not a test trainer");
        }
    }

    /// <summary>Each step's report, or (with <paramref name="evaluations"/>) the second of two evaluations after the step.</summary>
    private static void Train<TStep, TEvaluation>(
        TwoBatches batches, int steps, IStepVisitor visitor, bool evaluations,
        Func<Tensor, Tensor, TStep> step, Func<Tensor, Tensor, TEvaluation> evaluate, int nanAtStep = 0)
        where TStep : ITrainingReport
        where TEvaluation : ITrainingReport
    {
        batches.Train(steps, (_, x, y) =>
        {
            var r = step(x, y);
            if (!evaluations)
            {
                visitor.Visit(r);
                return;
            }
            evaluate(x, y);
            visitor.Visit(evaluate(x, y));
        }, nanAtStep: nanAtStep);
    }
}
