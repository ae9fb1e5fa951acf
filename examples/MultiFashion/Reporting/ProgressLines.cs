using System.Globalization;
using System.IO;
using System.Text;
using MultiFashion.Training;

namespace MultiFashion.Reporting;

/// <summary>
/// One plain line per epoch: the epoch, the step, each loss's mean over the epoch ("-" when no step computed it), and
/// what the strategy adds: its mean weights, how often its gate was open, its phase.
/// </summary>
public sealed class ProgressLines(TextWriter output, string label, int epochs, int totalSteps) : ITrainingObserver
{
    public void OnEpochEnd(EpochRecord epoch) => output.WriteLine(Format(label, epochs, totalSteps, epoch));

    public static string Format(string label, int epochs, int totalSteps, EpochRecord epoch)
    {
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"{label}  epoch {epoch.Epoch}/{epochs}  step {epoch.LastStep}/{totalSteps}")
            .Append("  left ").Append(Value(epoch.Mean.Left))
            .Append("  right ").Append(Value(epoch.Mean.Right))
            .Append("  total ").Append(Value(epoch.Mean.Total));
        if (epoch.Mean.Weights is { } weights) line.Append("  weights ").Append(Value(weights.Left)).Append('/').Append(Value(weights.Right));
        if (epoch.GateOpenSteps is { } open) line.Append(CultureInfo.InvariantCulture, $"  gate open {open}/{epoch.Steps}");
        if (epoch.Phases is { } phases)
        {
            line.Append(phases.First == phases.Last
                ? string.Create(CultureInfo.InvariantCulture, $"  phase {phases.Last}")
                : string.Create(CultureInfo.InvariantCulture, $"  phase {phases.First} to {phases.Last}"));
        }
        return line.ToString();
    }

    private static string Value(double value) => double.IsNaN(value) ? "-" : value.ToString("0.0000", CultureInfo.InvariantCulture);
}
