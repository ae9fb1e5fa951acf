using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Digits.App;
using Digits.Reporting;
using MultiLoss.Runtime;
using ParetoToy.Experiments;
using ParetoToy.Problem;
using ParetoToy.Reporting;
using TorchSharp;

namespace ParetoToy.App;

/// <summary>Runs the comparison, prints a line per run as it ends, then the verdicts, and writes the figure and the summary.</summary>
public static class RunAction
{
    public static int Run(ToySettings settings, ConsoleStreams io)
    {
        if (CheckOnly.IsRequested)
        {
            return CheckOnly.Report(io, $"{string.Join(",", settings.Methods.Select(m => m.Name))}, {settings.Schedule.Steps} steps at lr {settings.Schedule.LearningRate}, out {settings.OutFolder}");
        }
        TorchNative.EnsureAvailable();
        // A scalar op gains nothing from more threads of its own.
        torch.set_num_threads(1);
        var clock = Stopwatch.StartNew();
        var criterion = new ParetoCriterion(ParetoSet.Compute());
        var starts = StartingPoints.Paper;
        io.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{settings.Methods.Count} methods x {starts.Count} starting points, {settings.Schedule.Steps} Adam steps at lr {settings.Schedule.LearningRate} each"));
        io.Output.WriteLine(ResultLines.Header);
        var results = Comparison.Run(settings.Methods, starts, settings.Schedule, criterion, run => io.Output.WriteLine(ResultLines.Format(run)));

        io.Output.WriteLine();
        io.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Reached the Pareto set (end point within {ParetoCriterion.Tolerance} of it), per starting point:"));
        foreach (var method in settings.Methods)
        {
            var verdicts = starts.Select(start => ResultLines.Verdict(results.Single(r => r.Method == method && r.Start == start)).PadRight(3));
            io.Output.WriteLine($"  {method.Name,-12} {string.Join("  ", verdicts)}");
        }

        Directory.CreateDirectory(settings.OutFolder);
        var ordered = results.OrderBy(r => settings.Methods.ToList().IndexOf(r.Method)).ThenBy(r => r.Start.Number).ToArray();
        AtomicFile.WriteAllText(Path.Combine(settings.OutFolder, ToySummary.FileName), ToySummary.Format(ordered, settings.Schedule));
        AtomicFile.WriteAllBytes(Path.Combine(settings.OutFolder, TrajectoryPlot.FileName), TrajectoryPlot.RenderPng(ordered, criterion.Set));
        io.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {Path.Combine(settings.OutFolder, TrajectoryPlot.FileName)} and {ToySummary.FileName} in {clock.Elapsed.TotalSeconds:F1} s"));
        return ExitCodes.Success;
    }
}
