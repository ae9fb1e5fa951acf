using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Digits.Experiments;
using Digits.Training;

namespace Digits.Reporting;

/// <summary>A run's settings and results as JSON, for people and scripts; a value that does not exist (NaN) is null.</summary>
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
            json.WriteStartObject("lastEpochMeanLosses");
            if (result.History.LastEpochMean is { } mean)
            {
                foreach (var kind in LossKind.All) WriteNumberOrNull(json, kind.Name, kind.Of(mean));
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }
}
