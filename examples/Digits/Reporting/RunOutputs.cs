using System.Collections.Generic;
using System.IO;
using Digits.Experiments;

namespace Digits.Reporting;

/// <summary>Writes a run's loss CSV, loss plot and summary into a folder, each file whole or not at all.</summary>
public static class RunOutputs
{
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> Write(RunResult result, string folder)
    {
        var csv = Path.Combine(folder, LossCsv.FileName);
        var png = Path.Combine(folder, LossPlot.FileName);
        var summary = Path.Combine(folder, RunSummary.FileName);
        // Render everything before writing anything, so a failure leaves no partial set of files behind.
        var csvText = LossCsv.Format(result.History);
        var pngBytes = LossPlot.RenderPng(result.History, $"Digits, strategy '{result.Strategy.Name}': per-step losses");
        var summaryText = RunSummary.Format(result);
        AtomicFile.WriteAllText(csv, csvText);
        AtomicFile.WriteAllBytes(png, pngBytes);
        AtomicFile.WriteAllText(summary, summaryText);
        return [csv, png, summary];
    }
}
