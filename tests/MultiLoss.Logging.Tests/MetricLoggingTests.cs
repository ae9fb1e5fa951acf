using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Logging.Tests;

/// <summary>
/// A metric in the logs: a window's mean is the mean of the accuracies counted by hand, summed on the device with no
/// host read per step; TensorBoard gets it under <c>metric/&lt;Name&gt;</c>, a logger under its name.
/// </summary>
[TestFixture]
public sealed class MetricLoggingTests
{
    private const int Length = 4;
    private const int Steps = 14;   // three whole windows and one of two steps, written when the reports are disposed

    [Test]
    public void A_windows_mean_of_a_metric_is_the_mean_of_the_accuracies_counted_by_hand()
    {
        var sink = new KeepingSink();
        var hand = new List<double>();
        using (var batches = new TwoBatches(seed: 3))
        using (var trainer = new MetricTrainer(batches.Model, batches.Optimizer))
        using (var reports = new TrainingReports(Length, sink))
        {
            batches.Train(Steps, (_, x, y) =>
            {
                hand.Add(HandAccuracy(batches.Model, x, y));
                reports.Add(trainer.Step(x, y));
            });
        }

        var accuracy = IndexOf(MetricTrainer.StepResult.Layout, "Accuracy");
        Assert.That(sink.Written, Has.Count.EqualTo(4));
        Assert.That(hand.Distinct().Count(), Is.GreaterThan(2), "the accuracy changed during the run");
        Assert.Multiple(() =>
        {
            for (var w = 0; w < sink.Written.Count; w++)
            {
                var steps = hand.Skip(w * Length).Take(Length).ToArray();
                // The metric is a float32 mean of 0s and 1s, so a step's value is the hand fraction to float precision.
                Assert.That(sink.Written[w].Values[accuracy], Is.EqualTo(steps.Average()).Within(1e-7), $"window {w}");
                Assert.That(sink.Written[w].Counts[accuracy], Is.EqualTo(steps.Length), $"window {w}: a metric is reported every step");
            }
        });
    }

    [Test]
    public void Tensorboard_writes_a_metric_under_its_own_tag_and_a_logger_under_its_name()
    {
        var folder = Directory.CreateTempSubdirectory("multiloss-metric-").FullName;
        try
        {
            var provider = new CapturingLoggerProvider();
            var visitor = new ReportsVisitor(new TrainingReports(Length,
                new TensorBoardReportSink(folder), new LoggerReportSink(provider.CreateLogger("Training"))));
            TrainerRuns.Run(TrainerRuns.Metric, 2 * Length, visitor);
            visitor.Reports.Dispose();

            var reads = visitor.Reads;
            var accuracy = reads.IndexOf("Accuracy");
            var means = new[] { reads.MeanOver(0, Length, accuracy).Mean, reads.MeanOver(Length, Length, accuracy).Mean };
            var written = EventFile.ReadScalars(folder).Where(s => s.Tag == "metric/Accuracy").ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(written.Select(s => s.Step), Is.EqualTo(new[] { (long)Length, 2L * Length }));
                Assert.That(written.Select(s => (double)s.Value), Is.EqualTo(means).Within(1e-6));
                Assert.That(provider.Entries.Select(e => (double)e["Accuracy"]!), Is.EqualTo(means).Within(1e-12));
                Assert.That(provider.Entries[0].Message, Does.Contain(" Accuracy="));
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void The_default_tag_of_a_metric_is_metric_and_its_name()
        => Assert.That(ReportTags.Default(new ReportValueName("Top-1 accuracy", ReportValueKind.Metric)), Is.EqualTo("metric/Top-1 accuracy"));

    /// <summary>The fraction of rows whose largest output is at the target (the first on a tie), counted on the host.</summary>
    private static double HandAccuracy(nn.Module<Tensor, Tensor> model, Tensor input, Tensor target)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var output = model.forward(input);
        var columns = (int)output.shape[1];
        var scores = output.contiguous().data<float>().ToArray();
        var truth = target.data<long>().ToArray();
        var right = 0;
        for (var row = 0; row < truth.Length; row++)
        {
            var best = 0;
            for (var c = 1; c < columns; c++)
            {
                if (scores[row * columns + c] > scores[row * columns + best]) best = c;
            }
            right += best == truth[row] ? 1 : 0;
        }
        return (double)right / truth.Length;
    }

    private static int IndexOf(ReportLayout layout, string name)
    {
        for (var i = 0; i < layout.Count; i++)
        {
            if (layout.Names[i] == name) return i;
        }
        throw new KeyNotFoundException(name);
    }

    private sealed class KeepingSink : IReportSink
    {
        public List<ReportSnapshot> Written { get; } = [];

        public bool IsEnabled => true;

        public void Write(ReportValues values) => Written.Add(ReportSnapshot.Of(values));

        public void Dispose()
        {
        }
    }
}
