using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Declarations;
using MultiLoss.Generators.Model.Specs;
using MultiLoss.Generators.Parsing;
using static MultiLoss.Generators.Validation.DiagnosticDescriptors;

namespace MultiLoss.Generators.Validation;

/// <summary>Rules on each <c>[Loss]</c>: returns Tensor, instance and not generic, a usable weight, a unique name, bound parameters.</summary>
internal static class LossRules
{
    /// <summary>Names of <c>StepResult</c> members a loss property would collide with.</summary>
    private static readonly string[] ReservedNames =
    {
        "Total", "Phase", "StepNumber", "IsEvaluation", "GetLoss", "GetValue", "Skipped", "OptimizerStepped", "FellBack", "Layout",
        "ToString", "Equals", "GetHashCode", "GetType", "MemberwiseClone", "ReferenceEquals",
    };

    /// <summary>Resolves every loss (gates are filled in later by <see cref="GateRules"/>).</summary>
    public static EquatableArray<LossSpec> Resolve(TrainerDeclaration trainer, StepSpec step, ForwardSpec? forward, DiagnosticBag diagnostics)
    {
        if (trainer.Losses.Count == 0)
        {
            if (!ClassRules.Inherits(trainer, MemberAttributes.Loss)) diagnostics.Report(NoLoss, trainer.Location, trainer.Name);
            return EquatableArray<LossSpec>.Empty;
        }

        var available = new List<string>(step.Parameters);
        if (forward is not null) available.AddRange(forward.Outputs);

        var losses = ImmutableArray.CreateBuilder<LossSpec>(trainer.Losses.Count);
        var names = new HashSet<string>();
        var reportNames = new HashSet<string>();
        foreach (var loss in trainer.Losses)
        {
            if (loss.ReportName is null || loss.ReportName == loss.MethodName) reportNames.Add(loss.MethodName);
        }
        foreach (var loss in trainer.Losses)
        {
            if (!loss.ReturnsTensor) diagnostics.Report(LossNotTensor, loss.Location, loss.MethodName, loss.ReturnTypeDisplay);
            if (loss.IsStatic) diagnostics.Report(UnsupportedMemberKind, loss.Location, loss.MethodName, "static", "a loss must be an instance method");
            if (loss.IsGeneric) diagnostics.Report(UnsupportedMemberKind, loss.Location, loss.MethodName, "generic", "a loss cannot have type parameters");
            if (double.IsNaN(loss.Weight) || double.IsInfinity(loss.Weight) || loss.Weight < 0)
            {
                diagnostics.Report(InvalidWeight, loss.WeightLocation ?? loss.Location, loss.MethodName, loss.Weight.ToString("R", CultureInfo.InvariantCulture));
            }
            if (loss.WeightIntegerDivision is { } division)
            {
                var slash = division.IndexOf('/');
                var fraction = division.Substring(0, slash).TrimEnd() + ".0 / " + division.Substring(slash + 1).TrimStart();
                diagnostics.Report(WeightIsIntegerDivision, loss.WeightLocation ?? loss.Location, loss.MethodName, division,
                    loss.Weight.ToString("R", CultureInfo.InvariantCulture), fraction);
            }
            if (!names.Add(loss.MethodName)) diagnostics.Report(DuplicateLossName, loss.Location, loss.MethodName);
            else if (loss.ReportName is not null && loss.ReportName != loss.MethodName && !reportNames.Add(loss.ReportName))
            {
                diagnostics.Report(DuplicateLossName, loss.Location, loss.ReportName);
            }
            if (IsReserved(loss.MethodName) || IsWeightOfAnotherLoss(trainer, loss)) diagnostics.Report(ReservedLossName, loss.Location, loss.MethodName);

            BindingRules.CheckTensorParameters(loss.MethodName, loss.Parameters, diagnostics);
            if (forward is not null) BindingRules.CheckBindings(loss.MethodName, loss.Parameters, available, diagnostics);

            CheckUpdates(loss, diagnostics);
            if (loss.WarmupSteps < 0)
            {
                diagnostics.Report(InvalidWarmup, loss.WarmupLocation ?? loss.Location, loss.MethodName, loss.WarmupSteps.ToString(CultureInfo.InvariantCulture));
            }
            losses.Add(new LossSpec(loss.MethodName, loss.ReportName ?? loss.MethodName, loss.Weight, BindingRules.Names(loss.Parameters),
                Gate: null, loss.Updates?.Member, System.Math.Max(0, loss.WarmupSteps), ReturnsNullable: loss.ReturnsNullable));
        }
        if (trainer.Losses.All(loss => loss.Weight == 0)) diagnostics.Report(EveryWeightZero, trainer.Location, trainer.Name);
        return losses.ToEquatableArray();
    }

    private static void CheckUpdates(LossDeclaration loss, DiagnosticBag diagnostics)
    {
        if (loss.Updates is not { } updates || updates.Target == UpdatesTargetKind.Module) return;
        var problem = updates.Target switch
        {
            UpdatesTargetKind.Missing => "is not a field or property of the trainer",
            UpdatesTargetKind.Static => "is static",
            _ => "is not a torch.nn.Module",
        };
        diagnostics.Report(InvalidUpdates, updates.Location ?? loss.Location, loss.MethodName, updates.Member, problem);
    }

    /// <summary>A ramped loss reports its weight as <c>&lt;Loss&gt;Weight</c>; another loss may not have that name.</summary>
    private static bool IsWeightOfAnotherLoss(TrainerDeclaration trainer, LossDeclaration loss)
    {
        foreach (var other in trainer.Losses)
        {
            var reportsWeight = other.WarmupSteps > 0 || trainer.Methods.Count > 0;
            if (reportsWeight && loss.MethodName == other.MethodName + "Weight") return true;
        }
        return false;
    }

    /// <summary>A name of a member every <c>StepResult</c> has, or of a gate's state.</summary>
    public static bool IsReserved(string name)
    {
        foreach (var reserved in ReservedNames)
        {
            if (name == reserved) return true;
        }
        return name.EndsWith("GateOpen", System.StringComparison.Ordinal);
    }
}
