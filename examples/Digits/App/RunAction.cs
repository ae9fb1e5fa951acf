using System.Collections.Generic;
using System.IO;
using System.Linq;
using Digits.Data;
using Digits.Experiments;
using Digits.Reporting;
using Digits.Training;
using MultiLoss.Runtime;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.App;

/// <summary>
/// What the command does with valid arguments: checks every input before training (so bad input writes nothing), then
/// trains and scores each strategy asked for, once per seed, writes its files, and prints the results table (with
/// several seeds: each strategy's mean and standard deviation over them, also written as a combined summary), and
/// when several strategies report weights, a plot of their weights through training. A strategy whose run throws is
/// reported as a failed row and the others go on; the exit code is then <see cref="ExitCodes.Failure"/>.
/// </summary>
public static class RunAction
{
    public const double TestFraction = 0.2;

    /// <exception cref="UsageException">Bad input: data file, device or output folder.</exception>
    public static int Run(RunSettings settings, ConsoleStreams io)
    {
        RequireSeedsInRange(settings.Training.Seed, settings.SeedCount);
        RequireFolderPath(settings.OutFolder, "--out");
        if (settings.TensorBoardFolder is not null) RequireFolderPath(settings.TensorBoardFolder, "--tensorboard");
        if (CheckOnly.IsRequested)
        {
            return CheckOnly.Report(io, $"{string.Join(",", settings.Strategies.Select(s => s.Name))}, {settings.Training}, {settings.SeedCount} seed(s), device {settings.Device}, out {settings.OutFolder}");
        }
        var dataset = LoadData(settings.DataPath);
        TorchNative.EnsureAvailable();
        var device = torch.device(DeviceSelection.Resolve(settings.Device, torch.cuda.is_available()));
        if (device.type == DeviceType.CPU)
        {
            // The network is too small to gain from intra-op threads (measured: 1.1 s with one, 1.3 s with two on
            // 2 cores), and when another process keeps a core busy, spinning OpenMP threads make it 5x slower.
            torch.set_num_threads(1);
        }

        var console = io.CreateAnsiConsole();
        ITrainingProgress progress = io.Interactive ? new LiveProgress(console) : new PlainProgress(io.Output);
        var failures = new StrategyFailures();
        if (settings.SeedCount == 1)
        {
            var results = TrainEachStrategy(dataset, settings.Training, settings, device, progress, io, settings.OutFolder, settings.TensorBoardFolder, label: "", failures);
            WriteWeightsPlot(results, settings.OutFolder, io);
            console.Write(ResultsTable.Build(results));
            return Finish(failures, console);
        }

        var runs = new List<RunResult>();
        foreach (var seed in SeedSweep.Seeds(settings.Training.Seed, settings.SeedCount))
        {
            var folder = SeedSweep.FolderName(seed);
            var tensorBoard = settings.TensorBoardFolder is null ? null : Path.Combine(settings.TensorBoardFolder, folder);
            runs.AddRange(TrainEachStrategy(dataset, settings.Training with { Seed = seed }, settings, device, progress, io,
                Path.Combine(settings.OutFolder, folder), tensorBoard, label: $" seed {seed}", failures));
        }
        // A strategy that failed in some seed is left out: its mean over the other seeds would not compare with the rest.
        runs.RemoveAll(run => failures.Contains(run.Strategy.Name));
        var sweep = SeedSweep.Summarize(runs);
        var summaryPath = Path.Combine(settings.OutFolder, SeedSweep.SummaryFileName);
        AtomicFile.WriteAllText(summaryPath, SeedSweepSummary.Format(sweep));
        io.Output.WriteLine($"wrote {SeedSweep.SummaryFileName} to {settings.OutFolder}");
        WriteWeightsPlot(runs, settings.OutFolder, io);
        console.Write(SeedSweepTable.Build(sweep));
        return Finish(failures, console);
    }

    private static int Finish(StrategyFailures failures, IAnsiConsole console)
    {
        if (!failures.Any) return ExitCodes.Success;
        console.Write(failures.ToTable());
        return ExitCodes.Failure;
    }

    /// <summary>Trains and scores each strategy asked for with one seed, writing each one's files into <c>&lt;outFolder&gt;/&lt;strategy&gt;/</c>.</summary>
    /// <param name="label">Added to each strategy's name in the progress and the lines printed (empty for a single seed).</param>
    private static List<RunResult> TrainEachStrategy(
        DigitsDataset dataset, TrainingOptions options, RunSettings settings, Device device, ITrainingProgress progress, ConsoleStreams io,
        string outFolder, string? tensorBoardFolder, string label, StrategyFailures failures)
    {
        var split = TrainTestSplit.Create(dataset, TestFraction, options.Seed);
        using var train = DigitsTensors.Create(split.Train, device);
        using var test = DigitsTensors.Create(split.Test, device);

        var results = new List<RunResult>();
        foreach (var strategy in settings.Strategies)
        {
            var tensorBoard = tensorBoardFolder is null ? null : Path.Combine(tensorBoardFolder, strategy.Name);
            var result = failures.Try(strategy.Name, strategy.Name + label,
                () => StrategyRun.Run(strategy, train, test, options, device, progress, tensorBoard, strategy.Name + label), io.Output);
            if (result is null) continue;
            var folder = Path.Combine(outFolder, strategy.Name);
            var files = RunOutputs.Write(result, folder);
            io.Output.WriteLine($"{strategy.Name}{label}: wrote {string.Join(", ", files.Select(Path.GetFileName))} to {folder}");
            results.Add(result);
        }
        return results;
    }

    /// <summary>
    /// Writes <see cref="WeightsPlot.FileName"/> into <paramref name="outFolder"/> when more than one of the strategies
    /// reported weights: each one's weights through the run, averaged over the seeds.
    /// </summary>
    private static void WriteWeightsPlot(IReadOnlyList<RunResult> runs, string outFolder, ConsoleStreams io)
    {
        var curves = WeightCurve.Of(runs);
        if (curves.Count < 2) return;
        AtomicFile.WriteAllBytes(Path.Combine(outFolder, WeightsPlot.FileName), WeightsPlot.RenderPng(curves));
        io.Output.WriteLine($"wrote {WeightsPlot.FileName} to {outFolder}");
    }

    private static DigitsDataset LoadData(string path)
    {
        try
        {
            return DigitsCsv.Load(path);
        }
        catch (DigitsDataException ex)
        {
            throw new UsageException($"{ex.Message}; pass --data with the path of an intact digits CSV (the example ships data/digits.csv.gz)", ex);
        }
    }

    private static void RequireSeedsInRange(int first, int count)
    {
        if ((long)first + count - 1 > int.MaxValue)
        {
            throw new UsageException($"--seed {first} with --seeds {count} would go past the largest seed, {int.MaxValue}; pass a smaller --seed or fewer --seeds");
        }
    }

    private static void RequireFolderPath(string path, string option)
    {
        if (File.Exists(path))
        {
            throw new UsageException($"{option} '{path}' is a file, not a folder; pass a folder path (it is created if missing)");
        }
    }
}
