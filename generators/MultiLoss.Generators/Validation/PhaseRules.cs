using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Declarations;
using MultiLoss.Generators.Model.Specs;
using static MultiLoss.Generators.Validation.DiagnosticDescriptors;

namespace MultiLoss.Generators.Validation;

/// <summary>
/// Resolves the phases: which losses take part in each, in what order they are computed, how each phase
/// backpropagates and when it ends. A trainer without <c>[Phase]</c> has one implicit phase with every loss. Declared
/// phases are numbered from 1 and run in ascending order; numbers need not be consecutive.
/// </summary>
internal static class PhaseRules
{
    public static EquatableArray<PhaseSpec> Resolve(TrainerDeclaration trainer, GateSpec?[] gates, DiagnosticBag diagnostics)
    {
        var losses = trainer.Losses;
        if (trainer.Phases.Count == 0)
        {
            foreach (var loss in losses)
            {
                foreach (var membership in loss.Phases)
                {
                    diagnostics.Report(UndeclaredPhase, membership.Location, loss.MethodName, membership.Number.ToString(CultureInfo.InvariantCulture), "the trainer declares no phases");
                }
            }
            var all = new List<int>();
            for (var i = 0; i < losses.Count; i++) all.Add(i);
            if (trainer.Backward == BackwardModeValue.Separate && losses.Count == 1)
            {
                diagnostics.Report(SeparateWithSingleLoss, trainer.AttributeLocation ?? trainer.Location, trainer.Name);
            }
            return new[] { new PhaseSpec(0, trainer.Backward, ComputeOrder(all, gates), 0, null) }.ToEquatableArray();
        }

        var phases = DistinctInOrder(trainer, diagnostics);
        CheckMemberships(losses, phases, diagnostics);

        var specs = ImmutableArray.CreateBuilder<PhaseSpec>(phases.Count);
        for (var k = 0; k < phases.Count; k++)
        {
            var phase = phases[k];
            var isLast = k == phases.Count - 1;
            var members = Members(losses, phase.Number);
            var backward = phase.Backward ?? trainer.Backward;

            if (members.Count == 0) diagnostics.Report(PhaseWithoutLoss, phase.Location, phase.Number.ToString(CultureInfo.InvariantCulture));
            if (backward == BackwardModeValue.Separate && members.Count == 1)
            {
                diagnostics.Report(SeparateWithSingleLoss, phase.Location, $"{trainer.Name} (phase {phase.Number})");
            }
            CheckEnd(phase, isLast, diagnostics);
            CheckGatesInside(losses, gates, members, phase, diagnostics);

            specs.Add(new PhaseSpec(
                phase.Number,
                backward,
                ComputeOrder(members, gates),
                EndAfterSteps: isLast ? 0 : phase.Steps ?? 0,
                EndWhen: isLast ? null : phase.Until));
        }
        return specs.ToEquatableArray();
    }

    private static List<PhaseDeclaration> DistinctInOrder(TrainerDeclaration trainer, DiagnosticBag diagnostics)
    {
        var byNumber = new SortedDictionary<int, PhaseDeclaration>();
        foreach (var phase in trainer.Phases)
        {
            if (phase.Number <= 0)
            {
                diagnostics.Report(PhaseNumberNotPositive, phase.NumberLocation ?? phase.Location, trainer.Name, phase.Number.ToString(CultureInfo.InvariantCulture));
            }
            if (byNumber.ContainsKey(phase.Number)) diagnostics.Report(DuplicatePhase, phase.Location, phase.Number.ToString(CultureInfo.InvariantCulture));
            else byNumber.Add(phase.Number, phase);
        }
        return new List<PhaseDeclaration>(byNumber.Values);
    }

    private static void CheckMemberships(EquatableArray<LossDeclaration> losses, List<PhaseDeclaration> phases, DiagnosticBag diagnostics)
    {
        var declared = new List<string>();
        foreach (var phase in phases) declared.Add(phase.Number.ToString(CultureInfo.InvariantCulture));
        foreach (var loss in losses)
        {
            foreach (var membership in loss.Phases)
            {
                if (!phases.Exists(p => p.Number == membership.Number))
                {
                    diagnostics.Report(UndeclaredPhase, membership.Location, loss.MethodName, membership.Number.ToString(CultureInfo.InvariantCulture), "declared phases are " + string.Join(", ", declared));
                }
            }
        }
    }

    private static void CheckEnd(PhaseDeclaration phase, bool isLast, DiagnosticBag diagnostics)
    {
        if (phase.Steps is <= 0) diagnostics.Report(InvalidPhaseSteps, phase.StepsLocation ?? phase.Location, phase.Number.ToString(CultureInfo.InvariantCulture), phase.Steps.Value.ToString(CultureInfo.InvariantCulture));
        if (phase.Until is not null && phase.UntilTarget != UntilTargetKind.Valid)
        {
            var problem = phase.UntilTarget == UntilTargetKind.Missing ? "is not a method of the trainer" : "is not a parameterless instance method returning bool";
            diagnostics.Report(InvalidUntil, phase.UntilLocation ?? phase.Location, phase.Number.ToString(CultureInfo.InvariantCulture), phase.Until, problem);
        }
        if (phase.Steps is not null && phase.Until is not null) diagnostics.Report(PhaseEndConflict, phase.Location, phase.Number.ToString(CultureInfo.InvariantCulture));
        if (isLast && (phase.Steps is not null || phase.Until is not null)) diagnostics.Report(LastPhaseEnds, phase.Location, phase.Number.ToString(CultureInfo.InvariantCulture));
    }

    private static void CheckGatesInside(EquatableArray<LossDeclaration> losses, GateSpec?[] gates, List<int> members, PhaseDeclaration phase, DiagnosticBag diagnostics)
    {
        foreach (var i in members)
        {
            var gate = gates[i];
            if (gate is null || members.Contains(gate.WatchedIndex)) continue;
            diagnostics.Report(GateWatchesLossOutsidePhase, losses[i].Gate!.Location, losses[i].MethodName, losses[gate.WatchedIndex].MethodName, phase.Number.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static List<int> Members(EquatableArray<LossDeclaration> losses, int phaseNumber)
    {
        var members = new List<int>();
        for (var i = 0; i < losses.Count; i++)
        {
            var phases = losses[i].Phases;
            var takesPart = phases.Count == 0;
            foreach (var membership in phases) takesPart |= membership.Number == phaseNumber;
            if (takesPart) members.Add(i);
        }
        return members;
    }

    /// <summary>Declaration order, except that a gated loss comes after the loss it watches.</summary>
    private static EquatableArray<int> ComputeOrder(List<int> members, GateSpec?[] gates)
    {
        var order = ImmutableArray.CreateBuilder<int>(members.Count);
        var placed = new HashSet<int>();
        while (order.Count < members.Count)
        {
            var progressed = false;
            foreach (var i in members)
            {
                if (placed.Contains(i)) continue;
                var gate = gates[i];
                if (gate is not null && members.Contains(gate.WatchedIndex) && !placed.Contains(gate.WatchedIndex)) continue;
                order.Add(i);
                placed.Add(i);
                progressed = true;
            }
            if (!progressed) break;
        }
        return order.ToEquatableArray();
    }
}
