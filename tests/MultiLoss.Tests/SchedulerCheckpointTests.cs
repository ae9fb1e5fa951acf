using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using MultiLoss.Tests.Trainers;
using NUnit.Framework;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.optim.lr_scheduler;

namespace MultiLoss.Tests;

/// <summary>
/// Each of TorchSharp's learning-rate schedulers, saved part-way through its schedule and loaded into a freshly built
/// one, continues the schedule of the scheduler that never stopped: the learning rate after every later step, and at the
/// end the optimizer's whole state (a cyclic schedule's momentum included). A fresh scheduler that is not loaded does
/// not, so the comparison is not vacuous.
/// </summary>
[TestFixture]
public sealed class SchedulerCheckpointTests
{
    private const int StepsBeforeSave = 5;
    private const int StepsAfterLoad = 9;

    /// <summary>ReduceLROnPlateau's metric at each step: better, then worse across the save (so its count of bad epochs matters), better again.</summary>
    private static readonly double[] Metrics = [1.0, 0.9, 0.95, 0.96, 0.97, 0.98, 0.99, 0.85, 0.86, 0.87, 0.88, 0.7, 0.75, 0.76];

    private static readonly Dictionary<string, Func<optim.Optimizer, LRScheduler>> Schedulers = new()
    {
        ["StepLR"] = optimizer => optim.lr_scheduler.StepLR(optimizer, step_size: 3, gamma: 0.5),
        ["MultiStepLR"] = optimizer => optim.lr_scheduler.MultiStepLR(optimizer, [2, 6, 9], gamma: 0.5),
        ["ExponentialLR"] = optimizer => optim.lr_scheduler.ExponentialLR(optimizer, gamma: 0.9),
        ["CosineAnnealingLR"] = optimizer => optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max: 10, eta_min: 0.001),
        ["LinearLR"] = optimizer => optim.lr_scheduler.LinearLR(optimizer, start_factor: 0.2, end_factor: 1.0, total_iters: 12),
        ["ConstantLR"] = optimizer => optim.lr_scheduler.ConstantLR(optimizer, factor: 0.5, total_iters: 8),
        ["PolynomialLR"] = optimizer => optim.lr_scheduler.PolynomialLR(optimizer, total_iters: 16, power: 2),
        ["LambdaLR"] = optimizer => optim.lr_scheduler.LambdaLR(optimizer, epoch => 1.0 / (1 + epoch)),
        ["MultiplicativeLR"] = optimizer => optim.lr_scheduler.MultiplicativeLR(optimizer, _ => 0.9),
        ["CyclicLR"] = optimizer => optim.lr_scheduler.CyclicLR(optimizer, base_lr: 0.01, max_lr: 0.1, step_size_up: 4),
        ["OneCycleLR"] = optimizer => optim.lr_scheduler.OneCycleLR(optimizer, max_lr: 0.1, total_steps: 20),
        ["ReduceLROnPlateau"] = optimizer => optim.lr_scheduler.ReduceLROnPlateau(optimizer, factor: 0.5, patience: 1),
        ["SequentialLR"] = optimizer => optim.lr_scheduler.SequentialLR(
            optimizer,
            [optim.lr_scheduler.LinearLR(optimizer, start_factor: 0.2, end_factor: 1.0, total_iters: 3), optim.lr_scheduler.ExponentialLR(optimizer, gamma: 0.8)],
            [4]),
        ["ChainedLR"] = optimizer => optim.lr_scheduler.ChainedLR(
            [optim.lr_scheduler.ExponentialLR(optimizer, gamma: 0.9), optim.lr_scheduler.StepLR(optimizer, step_size: 3, gamma: 0.5)]),
    };

    public static IEnumerable<string> Names => Schedulers.Keys;

    [TestCaseSource(nameof(Names))]
    public void A_loaded_scheduler_continues_the_schedule(string name)
    {
        using var folder = new TempFolder();
        var path = folder.Combine("schedule.ckpt");
        using var uninterrupted = new ScheduledRun(Schedulers[name]);
        var expected = uninterrupted.Steps(0, StepsBeforeSave + StepsAfterLoad);

        using (var stopped = new ScheduledRun(Schedulers[name]))
        {
            stopped.Steps(0, StepsBeforeSave);
            stopped.Checkpoint.Save(path, TrainingPosition.Start);
        }
        using var resumed = new ScheduledRun(Schedulers[name]);
        resumed.Checkpoint.Load(path);
        var continued = resumed.Steps(StepsBeforeSave, StepsAfterLoad);
        using var fresh = new ScheduledRun(Schedulers[name]);
        var unloaded = fresh.Steps(StepsBeforeSave, StepsAfterLoad);

        Assert.That(continued, Is.EqualTo(expected[StepsBeforeSave..]), "the learning rate after each step after the load");
        Assert.That(resumed.OptimizerState(), Is.EqualTo(uninterrupted.OptimizerState()), "the optimizer's state at the end");
        Assert.That(resumed.Scheduler.get_last_lr(), Is.EqualTo(uninterrupted.Scheduler.get_last_lr()));
        Assert.That(unloaded, Is.Not.EqualTo(expected[StepsBeforeSave..]), "the control: a scheduler that was not loaded");
    }

    /// <summary>A linear model with SGD (with momentum, which a cyclic schedule moves) and one scheduler, stepped without training.</summary>
    private sealed class ScheduledRun : IDisposable
    {
        private readonly nn.Module<Tensor, Tensor> model;
        private readonly optim.Optimizer optimizer;
        private readonly WeightedTrainer trainer;

        public ScheduledRun(Func<optim.Optimizer, LRScheduler> createScheduler)
        {
            manual_seed(3);
            model = nn.Linear(Models.Features, Models.Classes);
            optimizer = optim.SGD(model.parameters(), 0.05, momentum: 0.9);
            trainer = new WeightedTrainer(model, optimizer);
            Scheduler = createScheduler(optimizer);
            Checkpoint = new Checkpoint(model, optimizer, trainer, Scheduler);
        }

        public LRScheduler Scheduler { get; }

        public Checkpoint Checkpoint { get; }

        /// <summary>Steps the scheduler <paramref name="count"/> times from step <paramref name="first"/>; the learning rate after each.</summary>
        public double[] Steps(int first, int count)
        {
            var rates = new double[count];
            for (var i = 0; i < count; i++)
            {
                if (Scheduler is impl.ReduceLROnPlateau) Scheduler.step(Metrics[first + i]);
                else Scheduler.step();
                rates[i] = optimizer.ParamGroups.First().LearningRate;
            }
            return rates;
        }

        public byte[] OptimizerState()
        {
            var state = new MemoryStream();
            using (var writer = new BinaryWriter(state, Encoding.UTF8, leaveOpen: true)) ((OptimizerHelper)optimizer).save_state_dict(writer);
            return state.ToArray();
        }

        public void Dispose()
        {
            trainer.Dispose();
            optimizer.Dispose();
            model.Dispose();
        }
    }
}
