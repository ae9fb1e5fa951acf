using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using ParetoToy.Experiments;

namespace ParetoToy.Reporting;

/// <summary>
/// The comparison as JSON: the schedule, the criterion, and per method and starting point the end point, both
/// objectives there, the distance to the Pareto set, the stationarity residual, whether it reached the set, how many
/// steps fell back to the method's previous weights, why it failed (null when it ran every step), and the run's time.
/// </summary>
public static class ToySummary
{
    public const string FileName = "summary.json";

    public static string Format(IReadOnlyList<RunResult> results, ToySchedule schedule)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("steps", schedule.Steps);
            json.WriteNumber("learningRate", schedule.LearningRate);
            json.WriteString("optimizer", "Adam");
            json.WriteNumber("reachTolerance", ParetoCriterion.Tolerance);
            json.WriteStartArray("runs");
            foreach (var run in results)
            {
                json.WriteStartObject();
                json.WriteString("method", run.Method.Name);
                json.WriteNumber("start", run.Start.Number);
                json.WriteNumber("startX1", run.Start.X1);
                json.WriteNumber("startX2", run.Start.X2);
                json.WriteNumber("endX1", run.Outcome.X1);
                json.WriteNumber("endX2", run.Outcome.X2);
                json.WriteNumber("endLoss1", run.Outcome.First);
                json.WriteNumber("endLoss2", run.Outcome.Second);
                json.WriteNumber("distanceToParetoSet", run.Outcome.DistanceToParetoSet);
                json.WriteNumber("stationarityResidual", run.Outcome.StationarityResidual);
                json.WriteBoolean("reached", run.Outcome.Reached);
                json.WriteNumber("fallbacks", run.Fallbacks);
                if (run.Failure is null) json.WriteNull("failure");
                else json.WriteString("failure", run.Failure);
                json.WriteNumber("seconds", run.Elapsed.TotalSeconds);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartObject("reachedPerMethod");
            foreach (var group in results.GroupBy(r => r.Method.Name))
            {
                json.WriteNumber(group.Key, group.Count(r => r.Outcome.Reached));
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
