using System.Collections.Generic;
using System.IO;
using System.Linq;
using Digits.Data;
using Digits.Experiments;
using Digits.Reporting;
using MultiLoss.Runtime;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.App;

/// <summary>
/// What the command does with valid arguments: checks every input before training (so bad input writes nothing), then
/// trains and scores each strategy asked for, writes its files, and prints the results table.
/// </summary>
public static class RunAction
{
    public const double TestFraction = 0.2;

    /// <exception cref="UsageException">Bad input: data file, device or output folder.</exception>
    public static int Run(RunSettings settings, ConsoleStreams io)
    {
        RequireFolderPath(settings.OutFolder, "--out");
        if (settings.TensorBoardFolder is not null) RequireFolderPath(settings.TensorBoardFolder, "--tensorboard");
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
        var split = TrainTestSplit.Create(dataset, TestFraction, settings.Training.Seed);
        using var train = DigitsTensors.Create(split.Train, device);
        using var test = DigitsTensors.Create(split.Test, device);

        var results = new List<RunResult>();
        foreach (var strategy in settings.Strategies)
        {
            var tensorBoard = settings.TensorBoardFolder is null ? null : Path.Combine(settings.TensorBoardFolder, strategy.Name);
            var result = StrategyRun.Run(strategy, train, test, settings.Training, device, progress, tensorBoard);
            var folder = Path.Combine(settings.OutFolder, strategy.Name);
            var files = RunOutputs.Write(result, folder);
            io.Output.WriteLine($"{strategy.Name}: wrote {string.Join(", ", files.Select(Path.GetFileName))} to {folder}");
            results.Add(result);
        }
        console.Write(ResultsTable.Build(results));
        return ExitCodes.Success;
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

    private static void RequireFolderPath(string path, string option)
    {
        if (File.Exists(path))
        {
            throw new UsageException($"{option} '{path}' is a file, not a folder; pass a folder path (it is created if missing)");
        }
    }
}
