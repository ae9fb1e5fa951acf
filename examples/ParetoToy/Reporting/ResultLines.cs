using System.Globalization;
using ParetoToy.Experiments;

namespace ParetoToy.Reporting;

/// <summary>One printed line per run: method, start, end point, distance to the Pareto set, residual, verdict, time.</summary>
public static class ResultLines
{
    public static string Header => "method       start  end (x1, x2)           distance  residual  reached  seconds";

    public static string Format(RunResult run) => string.Create(CultureInfo.InvariantCulture,
        $"{run.Method.Name,-12} {run.Start.Number,5}  ({run.Outcome.X1,8:F3}, {run.Outcome.X2,8:F3})  {run.Outcome.DistanceToParetoSet,8:F3}  {run.Outcome.StationarityResidual,8:0.0e+00}  {(run.Outcome.Reached ? "yes" : "no"),7}  {run.Elapsed.TotalSeconds,7:F1}");
}
