using System.IO;
using System.Text;
using System.Text.Json;
using MultiFashion.Experiments;
using MultiFashion.Strategies;

namespace MultiFashion.Reporting;

/// <summary>
/// The comparison over every seed as JSON (<c>comparison.json</c>): the shared settings, the seeds, the baselines'
/// accuracies, and per strategy the mean, sample standard deviation and per-seed values of both accuracies, Δm%, the
/// time per step and that time relative to the weighted strategy's.
/// </summary>
public static class ComparisonSummary
{
    public const string FileName = "comparison.json";

    public static string Format(Comparison comparison)
    {
        var first = comparison.Seeds[0].SingleLeft;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonValues.Options))
        {
            json.WriteStartObject();
            json.WriteString("device", first.Device);
            json.WriteNumber("epochs", first.Options.Epochs);
            json.WriteNumber("batchSize", first.Options.BatchSize);
            json.WriteNumber("learningRate", first.Options.LearningRate);
            json.WriteNumber("trainSamples", first.TrainCount);
            json.WriteNumber("testSamples", first.TestCount);
            json.WriteNumber("steps", first.History.Steps);
            json.WriteStartArray("seeds");
            foreach (var seed in comparison.Seeds) json.WriteNumberValue(seed.Seed);
            json.WriteEndArray();
            json.WriteString("standardDeviation", "sample (n − 1)");
            json.WriteString("deltaM", "(1/2)·Σ over the left and right tasks of (accuracy − single-task accuracy) / single-task accuracy × 100, each seed against its own baselines");
            json.WriteStartObject("baselines");
            WriteBaseline(json, StrategyRegistry.Baselines[0].Name, comparison.Baselines.LeftAccuracy, comparison.Baselines.LeftSecondsPerStep);
            WriteBaseline(json, StrategyRegistry.Baselines[1].Name, comparison.Baselines.RightAccuracy, comparison.Baselines.RightSecondsPerStep);
            json.WriteEndObject();
            json.WriteStartArray("strategies");
            foreach (var strategy in comparison.Strategies) WriteStrategy(json, strategy);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteBaseline(Utf8JsonWriter json, string name, Digits.Experiments.MeanAndSpread accuracy, Digits.Experiments.MeanAndSpread secondsPerStep)
    {
        json.WriteStartObject(name);
        JsonValues.Statistics(json, "accuracy", accuracy);
        JsonValues.Statistics(json, "secondsPerStep", secondsPerStep);
        json.WriteEndObject();
    }

    private static void WriteStrategy(Utf8JsonWriter json, StrategyOverSeeds strategy)
    {
        json.WriteStartObject();
        json.WriteString("strategy", strategy.Strategy.Name);
        JsonValues.Statistics(json, "leftAccuracy", strategy.LeftAccuracy);
        JsonValues.Statistics(json, "rightAccuracy", strategy.RightAccuracy);
        JsonValues.Statistics(json, "deltaMPercent", strategy.DeltaMPercent);
        JsonValues.Statistics(json, "secondsPerStep", strategy.SecondsPerStep);
        if (strategy.RelativeTimePerStep is { } relative) JsonValues.Statistics(json, "timePerStepRelativeToWeighted", relative);
        else json.WriteNull("timePerStepRelativeToWeighted");
        if (strategy.Weights is { } weights)
        {
            json.WriteStartObject("lastEpochMeanWeights");
            JsonValues.Statistics(json, "left", weights.Left);
            JsonValues.Statistics(json, "right", weights.Right);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }
}
