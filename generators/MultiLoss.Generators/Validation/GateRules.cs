using System.Globalization;
using System.Text;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Declarations;
using MultiLoss.Generators.Model.Specs;
using static MultiLoss.Generators.Validation.DiagnosticDescriptors;

namespace MultiLoss.Generators.Validation;

/// <summary>
/// Resolves each <c>[GateOn]</c> to the loss it watches (<c>On</c>, else the primary loss: the first loss without a
/// gate) and rejects gates that cannot work: NaN thresholds, unknown targets, cycles, a gate on the only loss; warns of a
/// threshold a non-negative loss never falls below.
/// </summary>
internal static class GateRules
{
    /// <summary>The gate of each loss by index, or null for an ungated loss.</summary>
    public static GateSpec?[] Resolve(TrainerDeclaration trainer, DiagnosticBag diagnostics)
    {
        var losses = trainer.Losses;
        var gates = new GateSpec?[losses.Count];
        var primary = PrimaryIndex(losses);

        for (var i = 0; i < losses.Count; i++)
        {
            var gate = losses[i].Gate;
            if (gate is null) continue;

            if (double.IsNaN(gate.Threshold))
            {
                diagnostics.Report(InvalidThreshold, gate.ThresholdLocation ?? gate.Location, losses[i].MethodName);
            }
            if (losses.Count == 1)
            {
                diagnostics.Report(GateWithoutOtherLoss, gate.Location, losses[i].MethodName, "it is the only loss");
                continue;
            }

            var watched = gate.On is null ? primary : IndexOf(losses, gate.On);
            if (gate.On is not null && watched < 0)
            {
                var descriptor = IsMetric(trainer, gate.On) ? GateOnMetric : GateTargetNotLoss;
                diagnostics.Report(descriptor, gate.OnLocation ?? gate.Location, losses[i].MethodName, gate.On, LossNames(losses));
                continue;
            }
            if (watched < 0)
            {
                diagnostics.Report(GateWithoutOtherLoss, gate.Location, losses[i].MethodName, "every loss has a gate, so there is no primary loss to watch");
                continue;
            }
            if (gate.Threshold <= 0)
            {
                diagnostics.Report(GateThresholdNotPositive, gate.ThresholdLocation ?? gate.Location, losses[i].MethodName, losses[watched].MethodName,
                    gate.Threshold.ToString("R", CultureInfo.InvariantCulture));
            }
            gates[i] = new GateSpec(watched, gate.Threshold, gate.Mode, gate.Latch, gate.OnDevice);
        }

        ReportCycles(losses, gates, diagnostics);
        ReportMixedChains(losses, gates, diagnostics);
        return gates;
    }

    private static void ReportCycles(EquatableArray<LossDeclaration> losses, GateSpec?[] gates, DiagnosticBag diagnostics)
    {
        for (var start = 0; start < gates.Length; start++)
        {
            if (gates[start] is null) continue;
            var chain = new StringBuilder(losses[start].MethodName);
            var current = start;
            for (var hop = 0; hop < gates.Length; hop++)
            {
                var gate = gates[current];
                if (gate is null) break;
                current = gate.WatchedIndex;
                chain.Append(" → ").Append(losses[current].MethodName);
                if (current != start) continue;

                diagnostics.Report(GateCycle, losses[start].Gate!.OnLocation ?? losses[start].Gate!.Location, losses[start].MethodName, chain.ToString());
                break;
            }
        }
        for (var i = 0; i < gates.Length; i++)
        {
            if (gates[i] is not null && IsOnCycle(gates, i)) gates[i] = null;
        }
    }

    /// <summary>A gate watching a gated loss must decide where that loss's gate does (both on the host, or both on the device).</summary>
    private static void ReportMixedChains(EquatableArray<LossDeclaration> losses, GateSpec?[] gates, DiagnosticBag diagnostics)
    {
        for (var i = 0; i < gates.Length; i++)
        {
            var gate = gates[i];
            var watchedGate = gate is null ? null : gates[gate.WatchedIndex];
            if (gate is null || watchedGate is null || gate.OnDevice == watchedGate.OnDevice) continue;
            diagnostics.Report(MixedGateEvaluation, losses[i].Gate!.Location, losses[i].MethodName, losses[gate.WatchedIndex].MethodName);
        }
    }

    private static bool IsOnCycle(GateSpec?[] gates, int start)
    {
        var current = start;
        for (var hop = 0; hop < gates.Length; hop++)
        {
            var gate = gates[current];
            if (gate is null) return false;
            current = gate.WatchedIndex;
            if (current == start) return true;
        }
        return false;
    }

    private static bool IsMetric(TrainerDeclaration trainer, string methodName)
    {
        foreach (var metric in trainer.Metrics)
        {
            if (metric.MethodName == methodName) return true;
        }
        return false;
    }

    private static int PrimaryIndex(EquatableArray<LossDeclaration> losses)
    {
        for (var i = 0; i < losses.Count; i++)
        {
            if (losses[i].Gate is null) return i;
        }
        return -1;
    }

    private static int IndexOf(EquatableArray<LossDeclaration> losses, string methodName)
    {
        for (var i = 0; i < losses.Count; i++)
        {
            if (losses[i].MethodName == methodName) return i;
        }
        return -1;
    }

    private static string LossNames(EquatableArray<LossDeclaration> losses)
    {
        var names = new StringBuilder();
        foreach (var loss in losses)
        {
            if (names.Length > 0) names.Append(", ");
            names.Append(loss.MethodName);
        }
        return names.ToString();
    }
}
