using System.IO;
using System.Text;
using System.Text.Json;
using MultiFashion.Experiments;
using MultiFashion.Strategies;

namespace MultiFashion.Reporting;

/// <summary>
/// One run's settings and results as JSON: both test accuracies (a baseline's untrained task is null), Δm% against the
/// same seed's baselines (null for a baseline), the time per step, and the last epoch's mean losses; a strategy that
/// adapts its weights adds their last-epoch mean, a gated one how many steps had the gate open.
/// </summary>
public static class RunSummary
{
    public const string FileName = "summary.json";

    /// <param name="deltaMPercent">Δm% of a multi-task run; null for a baseline.</param>
    public static string Format(RunResult result, double? deltaMPercent)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonValues.Options))
        {
            json.WriteStartObject();
            json.WriteString("strategy", result.Strategy.Name);
            json.WriteString("description", result.Strategy.Description);
            json.WriteString("tasks", TasksName(result.Strategy.Tasks));
            json.WriteString("device", result.Device);
            json.WriteNumber("epochs", result.Options.Epochs);
            json.WriteNumber("batchSize", result.Options.BatchSize);
            json.WriteNumber("learningRate", result.Options.LearningRate);
            json.WriteNumber("seed", result.Options.Seed);
            json.WriteNumber("trainSamples", result.TrainCount);
            json.WriteNumber("testSamples", result.TestCount);
            json.WriteNumber("steps", result.History.Steps);
            JsonValues.NumberOrNull(json, "leftAccuracy", result.LeftAccuracy);
            JsonValues.NumberOrNull(json, "rightAccuracy", result.RightAccuracy);
            JsonValues.NumberOrNull(json, "deltaMPercent", deltaMPercent);
            json.WriteNumber("trainingSeconds", result.History.TrainingTime.TotalSeconds);
            json.WriteNumber("secondsPerStep", result.History.SecondsPerStep);
            json.WriteNumber("wallTimeSeconds", result.WallTime.TotalSeconds);
            var last = result.History.LastEpoch;
            json.WriteStartObject("lastEpochMeanLosses");
            JsonValues.NumberOrNull(json, "left", last.Mean.Left);
            JsonValues.NumberOrNull(json, "right", last.Mean.Right);
            JsonValues.NumberOrNull(json, "total", last.Mean.Total);
            json.WriteEndObject();
            if (last.Mean.Weights is { } weights)
            {
                json.WriteStartObject("lastEpochMeanWeights");
                json.WriteNumber("left", weights.Left);
                json.WriteNumber("right", weights.Right);
                json.WriteEndObject();
            }
            WriteGate(json, result);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public static string TasksName(TrainedTasks tasks) => tasks switch
    {
        TrainedTasks.LeftOnly => "left",
        TrainedTasks.RightOnly => "right",
        _ => "both",
    };

    /// <summary>For a gated strategy: in how many of the run's steps the right task's gate was open.</summary>
    private static void WriteGate(Utf8JsonWriter json, RunResult result)
    {
        var open = 0;
        var gated = false;
        foreach (var epoch in result.History.Epochs)
        {
            if (epoch.GateOpenSteps is not { } steps) continue;
            gated = true;
            open += steps;
        }
        if (gated) json.WriteNumber("rightGateOpenSteps", open);
    }
}
