using System.Collections.Generic;
using System.Globalization;
using MultiLoss.Generators.Model.Declarations;
using MultiLoss.Generators.Model.Specs;
using static MultiLoss.Generators.Validation.DiagnosticDescriptors;

namespace MultiLoss.Generators.Validation;

/// <summary>
/// The values a step records (<see cref="ValueSlots"/>) must fit the runtime's buffer, whose constructor would
/// otherwise throw when the trainer is created. Checked on the resolved spec, which fixes the layout.
/// </summary>
internal static class ValueSlotRules
{
    public static void Check(TrainerDeclaration trainer, TrainerSpec spec, DiagnosticBag diagnostics)
    {
        if (trainer.ValueLimit is not { } limit) return;
        var count = ValueSlots.ValueCount(spec);
        if (count <= limit) return;
        diagnostics.Report(TooManyValues, trainer.Location, trainer.Name,
            count.ToString(CultureInfo.InvariantCulture), Breakdown(spec), limit.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>What the values are, e.g. "32 losses, the total, 32 weights, 2 metrics".</summary>
    private static string Breakdown(TrainerSpec spec)
    {
        var losses = spec.Losses.Count;
        var parts = new List<string> { Count(losses, "loss", "losses"), "the total" };
        var gates = ValueSlots.DeviceGateCount(spec);
        if (gates > 0) parts.Add(Count(gates, "device gate", "device gates"));
        if (spec.Methods.HasTensorWeights) parts.Add(Count(losses, "weight", "weights"));
        if (spec.Metrics.Count > 0) parts.Add(Count(spec.Metrics.Count, "metric", "metrics"));
        return string.Join(", ", parts);
    }

    private static string Count(int count, string one, string many)
        => count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? one : many);
}
