using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Digits.Training;

namespace Digits.Reporting;

/// <summary>
/// Per-step losses and effective weights as CSV (invariant culture). A loss the step did not compute is an empty cell;
/// so is a weight of a strategy that reports none (fixed weights) or whose weight is NaN (MoCo, DB-MTL).
/// </summary>
public static class LossCsv
{
    public const string FileName = "losses.csv";

    public static IReadOnlyList<string> WeightColumns { get; } = ["classificationWeight", "reconstructionWeight"];

    public static string Format(LossHistory history)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', new[] { "step", "epoch" }.Concat(LossKind.All.Select(k => k.Name)).Concat(WeightColumns)).Append('\n');
        foreach (var step in history.Steps)
        {
            csv.Append(step.Step.ToString(CultureInfo.InvariantCulture)).Append(',')
               .Append(step.Epoch.ToString(CultureInfo.InvariantCulture));
            foreach (var kind in LossKind.All)
            {
                csv.Append(',').Append(FormatValue(kind.Of(step.Losses)));
            }
            var weights = step.Losses.Weights;
            csv.Append(',').Append(FormatValue(weights?.Classification ?? double.NaN))
               .Append(',').Append(FormatValue(weights?.Reconstruction ?? double.NaN));
            csv.Append('\n');
        }
        return csv.ToString();
    }

    private static string FormatValue(double value) =>
        double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);
}
