using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Digits.App;
using StrategyFailures = Digits.Experiments.StrategyFailures;
using AtomicFile = Digits.Reporting.AtomicFile;
using MultiFashion.Data;
using MultiFashion.Experiments;
using MultiFashion.Reporting;
using MultiFashion.Strategies;
using MultiFashion.Training;
using MultiLoss.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiFashion.App;

/// <summary>
/// What the command does with valid arguments: checks every input before training (so bad input writes nothing), then
/// for each seed builds MultiFashion, trains the two single-task baselines and each strategy asked for, and writes each
/// run's summary; at the end the comparison over the seeds (comparison.json, the accuracy plot, the printed table). A
/// strategy whose run throws is reported as a failed row and left out of the comparison, the others go on, and the exit
/// code is then <see cref="ExitCodes.Failure"/>.
/// </summary>
public static class BenchmarkAction
{
    /// <summary>The seed of the test set's pairs: the same test samples for every seed, so strategies and seeds are scored alike.</summary>
    public const int TestLayoutSeed = 0;

    /// <exception cref="UsageException">Bad input: data folder, training size, device or output folder.</exception>
    public static int Run(FashionSettings settings, ConsoleStreams io)
    {
        RequireSeedsInRange(settings.Training.Seed, settings.SeedCount);
        RequireFolderPath(settings.OutFolder, "--out");
        if (CheckOnly.IsRequested)
        {
            return CheckOnly.Report(io, $"{string.Join(",", settings.Strategies.Select(s => s.Name))}, {settings.Training}, {settings.TrainSamples} training samples, {settings.SeedCount} seed(s), device {settings.Device}, data {settings.DataFolder}, out {settings.OutFolder}");
        }
        var (trainImages, testImages) = LoadData(settings.DataFolder);
        if (settings.TrainSamples > trainImages.Count)
        {
            throw new UsageException($"--train-size {settings.TrainSamples} is more than the {trainImages.Count} training images in '{settings.DataFolder}'; pass --train-size {trainImages.Count} or less");
        }
        TorchNative.EnsureAvailable();
        var device = torch.device(DeviceSelection.Resolve(settings.Device, torch.cuda.is_available()));
        if (device.type == DeviceType.CPU)
        {
            // A LeNet-sized network gains little from intra-op threads, and spinning OpenMP threads slow a machine whose
            // cores other work keeps busy.
            torch.set_num_threads(1);
            // oneDNN's convolution backward pass gives NaN gradients at random on this TorchSharp's CPU build.
            OneDnn.TryDisable();
        }

        using var test = MultiFashionBuilder.Build(testImages, PairLayout.Draw(testImages.Count, testImages.Count, new Random(TestLayoutSeed)), device);
        var seeds = new List<SeedResults>(settings.SeedCount);
        var failures = new StrategyFailures();
        for (var seed = settings.Training.Seed; seed < settings.Training.Seed + settings.SeedCount; seed++)
        {
            var folder = settings.SeedCount == 1 ? settings.OutFolder : Path.Combine(settings.OutFolder, $"seed-{seed}");
            using var train = MultiFashionBuilder.Build(trainImages, PairLayout.Draw(trainImages.Count, settings.TrainSamples, new Random(seed)), device);
            if (seeds.Count == 0)
            {
                AtomicFile.WriteAllBytes(Path.Combine(settings.OutFolder, SamplesPlot.FileName), SamplesPlot.RenderPng(train));
            }
            seeds.Add(RunSeed(settings, settings.Training with { Seed = seed }, train, test, device, io, folder, failures));
        }

        // The comparison pairs each strategy's runs across the seeds: one that failed in any seed is left out of it.
        var comparison = Comparison.Of(seeds.ConvertAll(seed => seed with { Strategies = seed.Strategies.Where(run => !failures.Contains(run.Strategy.Name)).ToList() }));
        AtomicFile.WriteAllText(Path.Combine(settings.OutFolder, ComparisonSummary.FileName), ComparisonSummary.Format(comparison));
        AtomicFile.WriteAllBytes(Path.Combine(settings.OutFolder, AccuracyPlanePlot.FileName), AccuracyPlanePlot.RenderPng(comparison));
        io.Output.WriteLine($"wrote {ComparisonSummary.FileName}, {AccuracyPlanePlot.FileName} and {SamplesPlot.FileName} to {settings.OutFolder}");
        var console = io.CreateAnsiConsole();
        // Wide enough for a row of mean ± standard deviation values, also when the output is redirected (80 columns).
        console.Profile.Width = Math.Max(console.Profile.Width, ComparisonTable.Width);
        console.Write(ComparisonTable.Build(comparison));
        if (!failures.Any) return ExitCodes.Success;
        console.Write(failures.ToTable());
        return ExitCodes.Failure;
    }

    private static SeedResults RunSeed(
        FashionSettings settings, TrainingOptions options, MultiFashionSet train, MultiFashionSet test, Device device, ConsoleStreams io, string folder,
        StrategyFailures failures)
    {
        var singleLeft = Train(StrategyRegistry.Baselines[0], options, train, test, device, io, folder, baselines: null);
        var singleRight = Train(StrategyRegistry.Baselines[1], options, train, test, device, io, folder, baselines: null);
        var results = new SeedResults(options.Seed, singleLeft, singleRight, []);
        var strategies = new List<RunResult>(settings.Strategies.Count);
        foreach (var strategy in settings.Strategies)
        {
            var run = failures.Try(strategy.Name, $"{strategy.Name} seed {options.Seed}", () => Train(strategy, options, train, test, device, io, folder, results), io.Output);
            if (run is not null) strategies.Add(run);
        }
        return results with { Strategies = strategies };
    }

    /// <param name="baselines">The seed's baselines, to report Δm% against; null while training the baselines themselves.</param>
    private static RunResult Train(
        Strategy strategy, TrainingOptions options, MultiFashionSet train, MultiFashionSet test, Device device, ConsoleStreams io, string folder,
        SeedResults? baselines)
    {
        var label = $"{strategy.Name} seed {options.Seed}";
        var totalSteps = FashionFit.BatchesPerEpoch(train.Count, options.BatchSize) * options.Epochs;
        io.Output.WriteLine($"{label}: training {options.Epochs} epochs, {totalSteps} steps on {train.Count} samples");
        var result = StrategyRun.Run(strategy, train, test, options, device, new ProgressLines(io.Output, label, options.Epochs, totalSteps));
        var deltaM = baselines?.DeltaMPercent(result);
        var path = Path.Combine(folder, strategy.Name, RunSummary.FileName);
        AtomicFile.WriteAllText(path, RunSummary.Format(result, deltaM));
        io.Output.WriteLine(RunLine.Format(label, result, deltaM) + $"; wrote {path}");
        return result;
    }

    private static (ImageSet Train, ImageSet Test) LoadData(string folder)
    {
        try
        {
            return FashionMnistFolder.Load(folder);
        }
        catch (FashionDataException ex)
        {
            throw new UsageException($"{ex.Message}; {FashionMnistFolder.InstallHint}", ex);
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
