using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Digits.Experiments;
using Digits.Training;

namespace Digits.Reporting;

/// <summary>
/// The combined summary of several seeds: the shared settings, the seeds, and per strategy the mean, the sample
/// standard deviation and each seed's value of the test accuracy, the reconstruction MSE, the wall time, the training
/// loop's time and time per step, and (for a strategy that reports weights) the last epoch's mean weights. A value that
/// is NaN (the weights of a method that reports none) is null.
/// </summary>
public static class SeedSweepSummary
{
    public static string Format(IReadOnlyList<StrategyOverSeeds> strategies)
    {
        var first = strategies[0].Runs[0];
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("device", first.Device);
            json.WriteNumber("epochs", first.Options.Epochs);
            json.WriteNumber("batchSize", first.Options.BatchSize);
            json.WriteNumber("learningRate", first.Options.LearningRate);
            json.WriteStartArray("seeds");
            foreach (var run in strategies[0].Runs) json.WriteNumberValue(run.Options.Seed);
            json.WriteEndArray();
            json.WriteString("standardDeviation", "sample (n − 1)");
            json.WriteStartArray("strategies");
            foreach (var strategy in strategies)
            {
                json.WriteStartObject();
                json.WriteString("strategy", strategy.Strategy.Name);
                WriteStatistics(json, "testAccuracy", strategy.Accuracy);
                WriteStatistics(json, "reconstructionMse", strategy.ReconstructionMse);
                WriteStatistics(json, "wallTimeSeconds", strategy.WallTimeSeconds);
                WriteStatistics(json, "trainingSeconds", strategy.TrainingSeconds);
                WriteStatistics(json, "secondsPerStep", strategy.SecondsPerStep);
                if (strategy.Weights is { } weights)
                {
                    json.WriteStartObject("lastEpochMeanWeights");
                    WriteStatistics(json, LossKind.Classification.Name, weights.Classification);
                    WriteStatistics(json, LossKind.Reconstruction.Name, weights.Reconstruction);
                    json.WriteEndObject();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteStatistics(Utf8JsonWriter json, string name, MeanAndSpread statistics)
    {
        json.WriteStartObject(name);
        WriteNumberOrNull(json, "mean", statistics.Mean);
        WriteNumberOrNull(json, "standardDeviation", statistics.StandardDeviation);
        json.WriteStartArray("values");
        foreach (var value in statistics.Values)
        {
            if (double.IsFinite(value)) json.WriteNumberValue(value);
            else json.WriteNullValue();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }
}
