using System;
using MultiLoss.Tests.Trainers;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// Lets one test body run every strategy trainer. Each generated trainer has its own StepResult type, so the
/// adapter reads the one value all of them share.
/// </summary>
internal static class StrategyTrainers
{
    public static IStepper Create(Type type, nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
    {
        if (type == typeof(SeparateTrainer)) return new Stepper<SeparateTrainer>(new(model, optimizer), (t, x, y) => t.Step(x, y).Total);
        if (type == typeof(GateSwitchTrainer)) return new Stepper<GateSwitchTrainer>(new(model, optimizer), (t, x, y) => t.Step(x, y).Total);
        if (type == typeof(GateAddTrainer)) return new Stepper<GateAddTrainer>(new(model, optimizer), (t, x, y) => t.Step(x, y).Total);
        if (type == typeof(GateLatchTrainer)) return new Stepper<GateLatchTrainer>(new(model, optimizer), (t, x, y) => t.Step(x, y).Total);
        if (type == typeof(PhasedBySteps)) return new Stepper<PhasedBySteps>(new(model, optimizer), (t, x, y) => t.Step(x, y).Total);
        if (type == typeof(PhasedByCondition)) return new Stepper<PhasedByCondition>(new(model, optimizer), (t, x, y) => t.Step(x, y).Total);
        if (type == typeof(GatedPhasesTrainer)) return new Stepper<GatedPhasesTrainer>(new(model, optimizer), (t, x, y) => t.Step(x, y).Total);
        if (type == typeof(SeparateGatedTrainer)) return new Stepper<SeparateGatedTrainer>(new(model, optimizer), (t, x, y) => t.Step(x, y).Total);
        if (type == typeof(ChainedGatesTrainer)) return new Stepper<ChainedGatesTrainer>(new(model, optimizer), (t, x, y) => t.Step(x, y).Total);
        if (type == typeof(GuardedTrainer)) return new Stepper<GuardedTrainer>(new(model, optimizer), (t, x, y) => t.Step(x, y).Total);
        if (type == typeof(ClippedTrainer)) return new Stepper<ClippedTrainer>(new(model, optimizer), (t, x, y) => t.Step(x, y).Total);
        if (type == typeof(AccumulatingTrainer)) return new Stepper<AccumulatingTrainer>(new(model, optimizer), (t, x, y) => t.Step(x, y).Total);
        if (type == typeof(SeparateControlledTrainer)) return new Stepper<SeparateControlledTrainer>(new(model, optimizer), (t, x, y) => t.Step(x, y).Total);
        if (type == typeof(GatedControlledTrainer)) return new Stepper<GatedControlledTrainer>(new(model, optimizer), (t, x, y) => t.Step(x, y).Total);
        if (type == typeof(WarmupTrainer)) return new Stepper<WarmupTrainer>(new(model, optimizer), (t, x, y) => t.Step(x, y).Total);
        throw new ArgumentException($"No adapter for {type.Name}.", nameof(type));
    }

    public interface IStepper : IDisposable
    {
        /// <summary>Takes a step and returns its reported total.</summary>
        double Step(Tensor input, Tensor target);
    }

    private sealed class Stepper<T>(T trainer, Func<T, Tensor, Tensor, double> step) : IStepper
        where T : IDisposable
    {
        public double Step(Tensor input, Tensor target) => step(trainer, input, target);

        public void Dispose() => trainer.Dispose();
    }
}
