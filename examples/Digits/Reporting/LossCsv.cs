using System.Globalization;
using System.Linq;
using System.Text;
using Digits.Training;

namespace Digits.Reporting;

/// <summary>Per-step losses as CSV (invariant culture; a loss the step did not compute is an empty cell).</summary>
public static class LossCsv
{
    public const string FileName = "losses.csv";

    public static string Format(LossHistory history)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', new[] { "step", "epoch" }.Concat(LossKind.All.Select(k => k.Name))).Append('\n');
        foreach (var step in history.Steps)
        {
            csv.Append(step.Step.ToString(CultureInfo.InvariantCulture)).Append(',')
               .Append(step.Epoch.ToString(CultureInfo.InvariantCulture));
            foreach (var kind in LossKind.All)
            {
                csv.Append(',').Append(FormatValue(kind.Of(step.Losses)));
            }
            csv.Append('\n');
        }
        return csv.ToString();
    }

    private static string FormatValue(double value) =>
        double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);
}
