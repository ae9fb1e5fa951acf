using System.Globalization;
using ParetoToy.Experiments;

namespace ParetoToy.Reporting;

/// <summary>
/// One printed line per run: method, start, end point, distance to the Pareto set, residual, verdict, steps that fell
/// back, time; a failed run's verdict is "failed", followed by why.
/// </summary>
public static class ResultLines
{
    public static string Header => "method       start  end (x1, x2)           distance  residual  reached  fallbacks  seconds";

    public static string Format(RunResult run) => string.Create(CultureInfo.InvariantCulture,
        $"{run.Method.Name,-12} {run.Start.Number,5}  ({run.Outcome.X1,8:F3}, {run.Outcome.X2,8:F3})  {run.Outcome.DistanceToParetoSet,8:F3}  {run.Outcome.StationarityResidual,8:0.0e+00}  {Verdict(run),7}  {run.Fallbacks,9}  {run.Elapsed.TotalSeconds,7:F1}{(run.Failed ? "  failed at " + run.Failure : "")}");

    /// <summary>yes, no, or failed (the run stopped with an error).</summary>
    public static string Verdict(RunResult run) => run.Failed ? "failed" : run.Outcome.Reached ? "yes" : "no";
}
