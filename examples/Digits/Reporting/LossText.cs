using System.Globalization;
using System.Linq;
using Digits.Strategies;
using Digits.Training;

namespace Digits.Reporting;

/// <summary>Loss values as one line of text for progress displays: "classification 0.1234  reconstruction ...".</summary>
public static class LossText
{
    public static string Format(StepLosses losses) =>
        string.Join("  ", LossKind.All.Select(k => $"{k.Name} {FormatValue(k.Of(losses))}"));

    public static string FormatValue(double value) =>
        double.IsNaN(value) ? "-" : value.ToString("0.0000", CultureInfo.InvariantCulture);
}
