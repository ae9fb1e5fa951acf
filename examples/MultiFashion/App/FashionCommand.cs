using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Digits.App;
using MultiFashion.Data;
using MultiFashion.Strategies;
using MultiFashion.Training;

namespace MultiFashion.App;

/// <summary>The command line: its options, their defaults and checks, and how they become <see cref="FashionSettings"/>.</summary>
public sealed class FashionCommand
{
    public const int DefaultBatchSize = 64;
    public const double DefaultLearningRate = 0.005;
    public const int DefaultSeed = 1;
    public const int DefaultSeedCount = 3;
    public const string DefaultOutFolder = "out/fashion";

    private readonly Option<string> strategy = new("--strategy")
    {
        HelpName = "name",
        Description = $"The multi-task strategy to compare with the single-task baselines: {StrategyRegistry.ChoiceList()} (every one)",
        DefaultValueFactory = _ => StrategyRegistry.AllName,
    };
    private readonly Option<bool> full = new("--full")
    {
        Description = $"The full budget: {Budget.Full.TrainSamples} training samples (every training image), {Budget.Full.Epochs} epochs, " +
                      $"instead of {Budget.Quick.TrainSamples} and {Budget.Quick.Epochs}; --train-size and --epochs still override it",
    };
    private readonly Option<int?> epochs = PositiveInt("--epochs", $"Passes over the training samples (default {Budget.Quick.Epochs}; {Budget.Full.Epochs} with --full)", Budget.Quick.Epochs);
    private readonly Option<int?> trainSize = PositiveInt("--train-size",
        $"MultiFashion training samples to build, each from two training images; at most the training images there are (default {Budget.Quick.TrainSamples}; {Budget.Full.TrainSamples} with --full)",
        Budget.Quick.TrainSamples);
    private readonly Option<int?> batchSize = PositiveInt("--batch-size", $"Samples per optimisation step (default {DefaultBatchSize})", DefaultBatchSize);
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
        Description = "The first seed; a seed fixes the training samples' construction, the initial weights and the batch order",
        DefaultValueFactory = _ => DefaultSeed,
    };
    private readonly Option<int?> seeds = PositiveInt("--seeds",
        $"Runs everything once per seed: --seed, --seed + 1, ... (default {DefaultSeedCount}); the table gives the mean and standard deviation over them",
        DefaultSeedCount);
    private readonly Option<string> device = new("--device")
    {
        Description = "Where to train: auto (CUDA when available), cpu or cuda",
        DefaultValueFactory = _ => "auto",
    };
    private readonly Option<string> outFolder = new("--out")
    {
        HelpName = "folder",
        Description = "Folder for the results: comparison.json, accuracy-plane.png, samples.png, and a summary.json per run",
        DefaultValueFactory = _ => DefaultOutFolder,
    };
    private readonly Option<string> data = new("--data")
    {
        HelpName = "folder",
        Description = "The folder holding Fashion-MNIST's four IDX files (gzipped or not); the default is where the Debian package dataset-fashion-mnist puts them",
        DefaultValueFactory = _ => FashionMnistFolder.DefaultPath,
    };

    public FashionCommand(Func<FashionSettings, int> run)
    {
        strategy.Validators.Add(result =>
        {
            if (!StrategyRegistry.TryResolve(result.GetValueOrDefault<string>(), out _, out var problem)) result.AddError(problem);
        });
        device.AcceptOnlyFromAmong("auto", "cpu", "cuda");

        Root = new RootCommand(
            "MultiFashion: two overlapping Fashion-MNIST items per image, one task per item, one shared network; compares every " +
            "MultiLoss strategy with single-task baselines by both accuracies, Δm% and time per step.")
        {
            strategy, full, epochs, trainSize, batchSize, learningRate, seed, seeds, device, outFolder, data,
        };
        Root.SetAction(parsed => run(Read(parsed)));
    }

    public RootCommand Root { get; }

    private FashionSettings Read(ParseResult parsed)
    {
        StrategyRegistry.TryResolve(parsed.GetRequiredValue(strategy), out var strategies, out _);
        var budget = parsed.GetValue(full) ? Budget.Full : Budget.Quick;
        return new FashionSettings(
            strategies!,
            new TrainingOptions(
                parsed.GetValue(epochs) ?? budget.Epochs,
                parsed.GetValue(batchSize) ?? DefaultBatchSize,
                parsed.GetValue(learningRate),
                parsed.GetValue(seed)),
            parsed.GetValue(trainSize) ?? budget.TrainSamples,
            parsed.GetValue(seeds) ?? DefaultSeedCount,
            Enum.Parse<DeviceChoice>(parsed.GetRequiredValue(device), ignoreCase: true),
            parsed.GetRequiredValue(data),
            parsed.GetRequiredValue(outFolder));
    }

    /// <summary>An optional positive whole number: null when not given, so that the budget can supply it.</summary>
    private static Option<int?> PositiveInt(string name, string description, int example) => new(name)
    {
        HelpName = "n",
        Description = description,
        CustomParser = result => ParsePositive(result, name, "a positive whole number", example,
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
