using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using MultiLoss.Logging;

namespace MultiLoss.Benchmarks;

/// <summary>
/// One invocation = one digits-like train step (<see cref="DigitsLikeWorkload"/>), without logging (the baseline) and
/// with every step's values written by <see cref="TrainingReports"/> (<c>everySteps: 1</c>) to one sink: what a sink
/// adds to the step. Every case trains its own model from the same seed. The <c>...Alone</c> cases time the sink's part
/// by itself: adding one step's report again and again, without training, which leaves out only the first read's copy
/// of the step's values to the host (on the CPU, a copy of a few doubles); their ratio to the baseline is the share of
/// a step the sink costs, less exposed to a machine's changing load than the difference of two step times.
/// </summary>
[MemoryDiagnoser]
public class LoggingStepBenchmarks
{
    private DigitsLikeWorkload work = null!;
    private TrainingReports? reports;
    private string? folder;
    private DigitsLikeTrainer.StepResult lastStep;

    [GlobalSetup]
    public void Setup()
    {
        Torch.UseOneThread();
        work = new DigitsLikeWorkload();
    }

    [GlobalSetup(Target = nameof(TensorBoardSink))]
    public void SetupTensorBoard() => Setup(folder => new TensorBoardReportSink(folder));

    [GlobalSetup(Target = nameof(LoggerSink))]
    public void SetupLogger() => Setup(_ => new LoggerReportSink(new DiscardingLogger()));

    [GlobalSetup(Target = nameof(TensorBoardSinkAlone))]
    public void SetupTensorBoardAlone()
    {
        SetupTensorBoard();
        TakeOneStep();
    }

    [GlobalSetup(Target = nameof(LoggerSinkAlone))]
    public void SetupLoggerAlone()
    {
        SetupLogger();
        TakeOneStep();
    }

    [GlobalSetup(Target = nameof(SummaryWriterSink))]
    public void SetupSummaryWriter() => Setup(folder => new SummaryWriterReportSink(folder));

    /// <summary>The workload, and reports to the sink <paramref name="sinkIn"/> makes (given a fresh folder for its files).</summary>
    public void Setup(Func<string, IReportSink> sinkIn)
    {
        Setup();
        folder = Directory.CreateTempSubdirectory("multiloss-logging-benchmark-").FullName;
        reports = new TrainingReports(1, sinkIn(folder));
    }

    /// <summary>The step whose report the <c>...Alone</c> cases add.</summary>
    private void TakeOneStep()
    {
        var (images, labels) = work.Next();
        lastStep = work.Trainer.Step(images, labels);
    }

    [GlobalCleanup(Target = nameof(NoSink))]
    public void CleanupNoSink() => CleanupAndLog(nameof(NoSink));

    [GlobalCleanup(Target = nameof(TensorBoardSink))]
    public void CleanupTensorBoard() => CleanupAndLog(nameof(TensorBoardSink));

    [GlobalCleanup(Target = nameof(LoggerSink))]
    public void CleanupLogger() => CleanupAndLog(nameof(LoggerSink));

    [GlobalCleanup(Target = nameof(SummaryWriterSink))]
    public void CleanupSummaryWriter() => CleanupAndLog(nameof(SummaryWriterSink));

    /// <summary>
    /// After a sink's case: the same comparison timed by the thread's CPU time in alternating rounds on fresh models,
    /// logged (<see cref="LoggingPairedTiming.Log"/>), which a loaded machine disturbs far less than the case's wall time;
    /// after the baseline, two workloads without a sink compared the same way (the noise of that comparison).
    /// </summary>
    private void CleanupAndLog(string name)
    {
        Cleanup();
        LoggingPairedTiming.Log(name);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        reports?.Dispose();
        work.Dispose();
        if (folder is not null) Directory.Delete(folder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public void NoSink()
    {
        var (images, labels) = work.Next();
        work.Trainer.Step(images, labels);
    }

    /// <summary><see cref="TensorBoardReportSink"/>: every step's values into its buffered event file.</summary>
    [Benchmark]
    public void TensorBoardSink()
    {
        var (images, labels) = work.Next();
        reports!.Add(work.Trainer.Step(images, labels));
    }

    /// <summary><see cref="LoggerReportSink"/> to an enabled logger that keeps nothing (<see cref="DiscardingLogger"/>).</summary>
    [Benchmark]
    public void LoggerSink()
    {
        var (images, labels) = work.Next();
        reports!.Add(work.Trainer.Step(images, labels));
    }

    /// <summary>For comparison, TorchSharp's <c>SummaryWriter</c> as the TensorBoard sink used it before (<see cref="SummaryWriterReportSink"/>).</summary>
    [Benchmark]
    public void SummaryWriterSink()
    {
        var (images, labels) = work.Next();
        reports!.Add(work.Trainer.Step(images, labels));
    }

    /// <summary>The TensorBoard sink's part of <see cref="TensorBoardSink"/>: one step's report added again, no training.</summary>
    [Benchmark]
    public void TensorBoardSinkAlone() => reports!.Add(lastStep);

    /// <summary>The logger sink's part of <see cref="LoggerSink"/>: one step's report added again, no training.</summary>
    [Benchmark]
    public void LoggerSinkAlone() => reports!.Add(lastStep);
}
