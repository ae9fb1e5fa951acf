// What the README's fit-loop lines name from the digits example (examples/Digits/Training/DigitsFit.cs), reduced to
// their shapes: the options, the batches, the trainer, the recorder that keeps the history and the TensorBoard sink.
using System;
using System.Collections.Generic;
using MultiLoss;
using MultiLoss.Logging;
using TorchSharp;
using static TorchSharp.torch;

var options = new TrainingOptions(Epochs: 2);
var folder = "runs/weighted";
using var data = randn(32, 64);
var schedule = new[] { 0, 16 };
using var model = nn.Linear(64, 10);
using var trainer = new WeightedTrainer(model, optim.Adam(model.parameters()));
using var recorder = new HistoryRecorder();

/* the doc's block */

static IEnumerable<DigitsBatch> Batches(Tensor data, int[] schedule)
{
    foreach (var start in schedule) yield return new DigitsBatch(data.narrow(0, start, 16), randint(0, 10, 16));
}

public sealed record TrainingOptions(int Epochs);

public sealed record DigitsBatch(Tensor Images, Tensor Labels);

[MultiLossTrainer]
public partial class WeightedTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss] private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);
}

public sealed class HistoryRecorder : IReportSink
{
    public bool IsEnabled => true;

    public void Write(ReportValues values) { }

    public void OnEpochEnded(object? sender, FitEpoch epoch) { }

    public void Dispose() { }
}

public static class DigitsTensorBoard
{
    public static TensorBoardReportSink Sink(string folder) => new(folder);
}
