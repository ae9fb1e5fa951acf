using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;
using System.Linq;
using Digits.Experiments;
using Digits.Strategies;
using Digits.Training;

namespace Digits.App;

/// <summary>The command line: its options, their defaults and checks, and how they become <see cref="RunSettings"/>.</summary>
public sealed class DigitsCommand
{
    public const string DefaultStrategy = "weighted";
    public const int DefaultEpochs = 40;
    public const int DefaultBatchSize = 32;
    public const double DefaultLearningRate = 0.002;
    public const int DefaultSeed = 1;
    public const int DefaultSeedCount = 1;
    public const string DefaultOutFolder = "out/digits";

    private readonly Option<string> strategy = new("--strategy")
    {
        HelpName = "name",
        Description = $"How to combine the losses: {string.Join(", ", StrategyRegistry.Available.Select(s => s.Name))}, " +
                      $"or '{StrategyRegistry.AllName}' to run each and compare them",
        DefaultValueFactory = _ => DefaultStrategy,
    };
    private readonly Option<int> epochs = PositiveInt("--epochs", DefaultEpochs, "Passes over the training images");
    private readonly Option<int> batchSize = PositiveInt("--batch-size", DefaultBatchSize, "Images per optimisation step");
    private readonly Option<double> learningRate = new("--lr")
    {
        HelpName = "rate",
        Description = "Adam's learning rate",
        DefaultValueFactory = _ => DefaultLearningRate,
        CustomParser = result => ParsePositive(result, "--lr", "a positive number", DefaultLearningRate,
            token => double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value > 0 ? value : null),
    };
    private readonly Option<int> seed = new("--seed")
    {
        HelpName = "n",
        Description = "Fixes the train/test split, the initial weights and the batch order",
        DefaultValueFactory = _ => DefaultSeed,
    };
    private readonly Option<int> seeds = PositiveInt("--seeds", DefaultSeedCount,
        "Repeats the run with seeds --seed, --seed + 1, ...; with more than one, each seed writes into <out>/seed-<n>/ and " +
        $"{SeedSweep.SummaryFileName} gives each strategy's mean and standard deviation over the seeds");
    private readonly Option<string> device = new("--device")
    {
        Description = "Where to train: auto (CUDA when available), cpu or cuda",
        DefaultValueFactory = _ => "auto",
    };
    private readonly Option<string> outFolder = new("--out")
    {
        HelpName = "folder",
        Description = "Folder for the results; each strategy writes losses.csv, losses.png and summary.json into a subfolder named after it",
        DefaultValueFactory = _ => DefaultOutFolder,
    };
    private readonly Option<string?> tensorBoard = new("--tensorboard")
    {
        HelpName = "folder",
        Description = "Also log each loss per step for TensorBoard, into a subfolder per strategy of this folder",
    };
    private readonly Option<string> data = new("--data")
    {
        HelpName = "file",
        Description = "The digits CSV (optionally gzipped): 64 pixel counts 0..16, then the label 0..9, per row",
        DefaultValueFactory = _ => Path.Combine(AppContext.BaseDirectory, "data", "digits.csv.gz"),
    };

    public DigitsCommand(Func<RunSettings, int> run)
    {
        strategy.Validators.Add(result =>
        {
            if (!StrategyRegistry.TryResolve(result.GetValueOrDefault<string>(), out _, out var problem)) result.AddError(problem);
        });
        device.AcceptOnlyFromAmong("auto", "cpu", "cuda");

        Root = new RootCommand("Trains a two-headed network (digit classes and pixel reconstruction) on the UCI handwritten digits with MultiLoss.")
        {
            strategy, epochs, batchSize, learningRate, seed, seeds, device, outFolder, tensorBoard, data,
        };
        Root.SetAction(parsed => run(Read(parsed)));
    }

    public RootCommand Root { get; }

    private RunSettings Read(ParseResult parsed)
    {
        StrategyRegistry.TryResolve(parsed.GetRequiredValue(strategy), out var strategies, out _);
        return new RunSettings(
            strategies!,
            new TrainingOptions(parsed.GetValue(epochs), parsed.GetValue(batchSize), parsed.GetValue(learningRate), parsed.GetValue(seed)),
            parsed.GetValue(seeds),
            Enum.Parse<DeviceChoice>(parsed.GetRequiredValue(device), ignoreCase: true),
            parsed.GetRequiredValue(data),
            parsed.GetRequiredValue(outFolder),
            parsed.GetValue(tensorBoard));
    }

    private static Option<int> PositiveInt(string name, int defaultValue, string description) => new(name)
    {
        HelpName = "n",
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => ParsePositive(result, name, "a positive whole number", defaultValue,
            token => int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null),
    };

    /// <summary>Parses an option's value, or records one error that names the option, the bad value and a good one.</summary>
    private static T ParsePositive<T>(ArgumentResult result, string name, string expected, T example, Func<string, T?> parse)
        where T : struct, IFormattable
    {
        var token = result.Tokens.Count == 0 ? "" : result.Tokens[^1].Value;
        if (parse(token) is { } value) return value;
        result.AddError($"{name} must be {expected} (got '{token}'); for example {name} {example.ToString(null, CultureInfo.InvariantCulture)}");
        return example;
    }
}
