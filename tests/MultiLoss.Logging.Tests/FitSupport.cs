using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MultiLoss.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Logging.Tests;

/// <summary>The dynamic weight average over two losses: a method whose state changes within an epoch and at its end.</summary>
[MultiLossTrainer, DynamicWeightAverage]
public sealed partial class FitTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss] private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.5)] private Tensor Confidence(Tensor output) => output.pow(2).mean();
}

/// <summary>One training batch: an input and its labels.</summary>
public readonly record struct FitBatch(Tensor Input, Tensor Target);

/// <summary>
/// A model, Adam, a <see cref="FitTrainer"/>, a StepLR and their <see cref="MultiLoss.Checkpoint"/>, built the same way
/// from one seed each time, and fixed training and validation batches. Disposes what it made.
/// </summary>
public sealed class FitRun : IDisposable
{
    public const int TrainingBatches = 4;

    private readonly List<FitBatch> training = [];
    private readonly List<FitBatch> validation = [];

    public FitRun(int seed)
    {
        manual_seed(seed);
        Model = nn.Sequential(("hidden", nn.Linear(4, 16)), ("relu", nn.ReLU()), ("out", nn.Linear(16, 3)));
        Optimizer = optim.Adam(Model.parameters(), lr: 0.02);
        Scheduler = optim.lr_scheduler.StepLR(Optimizer, step_size: 2, gamma: 0.5);
        Trainer = new FitTrainer(Model, Optimizer);
        Checkpoint = new Checkpoint(Model, Optimizer, Trainer, Scheduler);
        using var generator = new Generator(77);
        for (var i = 0; i < TrainingBatches + 2; i++)
        {
            var input = randn([12, 4], generator: generator);
            var batch = new FitBatch(input, input.narrow(1, 0, 3).argmax(1));
            (i < TrainingBatches ? training : validation).Add(batch);
        }
    }

    public nn.Module<Tensor, Tensor> Model { get; }

    public optim.Optimizer Optimizer { get; }

    public optim.lr_scheduler.LRScheduler Scheduler { get; }

    public FitTrainer Trainer { get; }

    public Checkpoint Checkpoint { get; }

    public IReadOnlyList<FitBatch> Validation => validation;

    /// <summary>An epoch's training batches: all of them, in an order fixed by the epoch's number.</summary>
    public IEnumerable<FitBatch> Training(int epoch)
    {
        for (var i = 0; i < TrainingBatches; i++) yield return training[(i + epoch) % TrainingBatches];
    }

    public float[][] Parameters() => Model.parameters().Select(p => p.data<float>().ToArray()).ToArray();

    public void Dispose()
    {
        Trainer.Dispose();
        Optimizer.Dispose();
        Model.Dispose();
        foreach (var batch in training.Concat(validation))
        {
            batch.Input.Dispose();
            batch.Target.Dispose();
        }
    }
}

/// <summary>A batch of a <see cref="ScriptedTrainer"/>: the epoch it belongs to and the value its step reports.</summary>
public readonly record struct ScriptedBatch(int Epoch, double Value);

/// <summary>
/// A trainer whose reports are scripted: a step or an evaluation of <see cref="ScriptedBatch"/> b reports b.Value as
/// its loss and total. Its one-weight model holds the number of the epoch it last trained in, so a checkpoint says
/// which epoch it was saved after.
/// </summary>
public sealed class ScriptedTrainer : IMultiLossTrainer
{
    private static readonly ReportLayout Layout = new(2, new ReportValueName("Error", ReportValueKind.Loss), new ReportValueName("Total", ReportValueKind.Total));

    private readonly StepValues steps = new(Layout);
    private readonly StepValues evaluations = new(Layout);

    public ScriptedTrainer()
    {
        Model = nn.Linear(1, 1, hasBias: false);
        Optimizer = optim.SGD(Model.parameters(), 0.1);
    }

    public nn.Module<Tensor, Tensor> Model { get; }

    public optim.Optimizer Optimizer { get; }

    public long StepsTaken => steps.Step;

    /// <summary>The epoch whose number the model's weight holds.</summary>
    public float EpochInModel => Model.parameters().Single().data<float>()[0];

    public StepReport Step(ScriptedBatch batch)
    {
        using (no_grad()) Model.parameters().Single().fill_(batch.Epoch);
        Write(steps, batch.Value);
        return steps.Report();
    }

    public StepReport Evaluate(ScriptedBatch batch)
    {
        Write(evaluations, batch.Value);
        return evaluations.ReportAfter(StepsTaken);
    }

    public TrainerState SaveState() => new() { Trainer = nameof(ScriptedTrainer), StepsTaken = steps.Step };

    public void RestoreState(TrainerState state) => steps.RestoreStep(state.StepsTaken);

    public void Dispose()
    {
        steps.Dispose();
        evaluations.Dispose();
        Optimizer.Dispose();
        Model.Dispose();
    }

    private static void Write(StepValues values, double value)
    {
        using var scope = NewDisposeScope();
        using var writer = values.BeginStep();
        var reported = tensor(value, ScalarType.Float32);
        writer.Set(0, reported);
        writer.Set(1, reported);
    }
}

/// <summary>Records what it is told, on the caller's thread (Progress&lt;T&gt; would post to the thread pool).</summary>
public sealed class RecordingProgress<T> : IProgress<T>
{
    public List<T> Reports { get; } = [];

    public void Report(T value) => Reports.Add(value);
}

/// <summary>A sink that counts what it is given.</summary>
public sealed class CountingSink : IReportSink
{
    public int Writes { get; private set; }

    public bool IsEnabled => true;

    public void Write(ReportValues values) => Writes++;

    public void Dispose()
    {
    }
}

/// <summary>A fresh folder under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "multiloss-fit-" + Guid.NewGuid().ToString("N"));

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
