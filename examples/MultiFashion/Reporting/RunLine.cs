using System.Globalization;
using MultiFashion.Experiments;

namespace MultiFashion.Reporting;

/// <summary>The line printed when a run ends: its test accuracies, Δm% (for a multi-task strategy) and time per step.</summary>
public static class RunLine
{
    public static string Format(string label, RunResult result, double? deltaMPercent)
    {
        var text = label + ":";
        if (result.LeftAccuracy is { } left) text += string.Create(CultureInfo.InvariantCulture, $" left accuracy {left:0.0000}");
        if (result.RightAccuracy is { } right) text += string.Create(CultureInfo.InvariantCulture, $" right accuracy {right:0.0000}");
        if (deltaMPercent is { } deltaM) text += string.Create(CultureInfo.InvariantCulture, $" Δm {deltaM:+0.00;-0.00;0.00}%");
        return text + string.Create(CultureInfo.InvariantCulture, $" {result.History.SecondsPerStep * 1000:0.0} ms/step");
    }
}
