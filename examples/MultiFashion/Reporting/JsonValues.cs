using System.Text.Json;
using Digits.Experiments;

namespace MultiFashion.Reporting;

/// <summary>The JSON shapes the summaries share: a number that may not exist, and a value over seeds.</summary>
internal static class JsonValues
{
    public static void NumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number && double.IsFinite(number)) json.WriteNumber(name, number);
        else json.WriteNull(name);
    }

    /// <summary><c>{ "mean": ..., "standardDeviation": ..., "values": [...] }</c>, the standard deviation the sample one (n − 1).</summary>
    public static void Statistics(Utf8JsonWriter json, string name, MeanAndSpread statistics)
    {
        json.WriteStartObject(name);
        json.WriteNumber("mean", statistics.Mean);
        json.WriteNumber("standardDeviation", statistics.StandardDeviation);
        json.WriteStartArray("values");
        foreach (var value in statistics.Values) json.WriteNumberValue(value);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static JsonWriterOptions Options => new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
