using System.Globalization;
using System.Linq;
using Digits.Strategies;
using Digits.Training;

namespace Digits.Reporting;

/// <summary>
/// Loss values as one line of text for progress displays: "classification 0.1234  reconstruction ..."; and for a
/// strategy that adapts its weights, the weights: "weights 0.9312/1.0688" (classification/reconstruction).
/// </summary>
public static class LossText
{
    public static string Format(StepLosses losses) =>
        string.Join("  ", LossKind.All.Select(k => $"{k.Name} {FormatValue(k.Of(losses))}"));

    /// <summary>"weights 0.9312/1.0688" (classification/reconstruction), or "" when the losses carry no weights.</summary>
    public static string FormatWeights(StepLosses losses) =>
        losses.Weights is { } weights ? $"weights {FormatValue(weights.Classification)}/{FormatValue(weights.Reconstruction)}" : "";

    public static string FormatValue(double value) =>
        double.IsNaN(value) ? "-" : value.ToString("0.0000", CultureInfo.InvariantCulture);
}
