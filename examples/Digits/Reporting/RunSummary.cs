using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Digits.Experiments;
using Digits.Training;

namespace Digits.Reporting;

/// <summary>
/// A run's settings and results as JSON, for people and scripts; a value that does not exist (NaN) is null. The time
/// of the training loop alone (<c>trainingSeconds</c>) and its time per step once warm (<c>secondsPerStep</c>, after
/// the first epoch) come with the wall time. A gated strategy adds how
/// often its gate was open, a phased one the steps of each phase, one that reports weights the last epoch's mean
/// effective weights (null for a method whose weights are NaN).
/// </summary>
public static class RunSummary
{
    public const string FileName = "summary.json";

    public static string Format(RunResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("strategy", result.Strategy.Name);
            json.WriteString("description", result.Strategy.Description);
            json.WriteString("device", result.Device);
            json.WriteNumber("epochs", result.Options.Epochs);
            json.WriteNumber("batchSize", result.Options.BatchSize);
            json.WriteNumber("learningRate", result.Options.LearningRate);
            json.WriteNumber("seed", result.Options.Seed);
            json.WriteNumber("trainImages", result.TrainCount);
            json.WriteNumber("testImages", result.TestCount);
            json.WriteNumber("steps", result.History.Steps.Count);
            WriteNumberOrNull(json, "testAccuracy", result.Metrics.Accuracy);
            WriteNumberOrNull(json, "reconstructionMse", result.Metrics.ReconstructionMse);
            json.WriteNumber("wallTimeSeconds", result.WallTime.TotalSeconds);
            json.WriteNumber("trainingSeconds", result.TrainingTime.TotalSeconds);
            WriteNumberOrNull(json, "secondsPerStep", result.SecondsPerStep);
            json.WriteStartObject("lastEpochMeanLosses");
            if (result.History.LastEpochMean is { } mean)
            {
                foreach (var kind in LossKind.All) WriteNumberOrNull(json, kind.Name, kind.Of(mean));
            }
            json.WriteEndObject();
            if (result.History.LastEpochMean?.Weights is { } weights)
            {
                json.WriteStartObject("lastEpochMeanWeights");
                WriteNumberOrNull(json, LossKind.Classification.Name, weights.Classification);
                WriteNumberOrNull(json, LossKind.Reconstruction.Name, weights.Reconstruction);
                json.WriteEndObject();
            }
            WriteGate(json, result.History);
            WritePhases(json, result.History);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>For a gated strategy: in how many steps the reconstruction gate was open, and the first (null if never).</summary>
    private static void WriteGate(Utf8JsonWriter json, LossHistory history)
    {
        var gated = history.Steps.Where(s => s.Losses.ReconstructionGateOpen is not null).ToList();
        if (gated.Count == 0) return;
        var open = gated.Where(s => s.Losses.ReconstructionGateOpen == true).ToList();
        json.WriteStartObject("reconstructionGate");
        json.WriteNumber("openSteps", open.Count);
        if (open.Count == 0) json.WriteNull("firstOpenStep");
        else json.WriteNumber("firstOpenStep", open[0].Step);
        json.WriteEndObject();
    }

    /// <summary>For a strategy with phases: each phase the run went through, its first step and its number of steps.</summary>
    private static void WritePhases(Utf8JsonWriter json, LossHistory history)
    {
        var runs = new List<(int Phase, int FirstStep, int Steps)>();
        foreach (var step in history.Steps)
        {
            if (step.Losses.Phase is not { } phase) continue;
            if (runs.Count > 0 && runs[^1].Phase == phase) runs[^1] = runs[^1] with { Steps = runs[^1].Steps + 1 };
            else runs.Add((phase, step.Step, 1));
        }
        if (runs.Count == 0) return;
        json.WriteStartArray("phases");
        foreach (var (phase, firstStep, steps) in runs)
        {
            json.WriteStartObject();
            json.WriteNumber("phase", phase);
            json.WriteNumber("firstStep", firstStep);
            json.WriteNumber("steps", steps);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }
}
