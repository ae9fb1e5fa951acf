using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MultiLoss.Analyzers.Conversion;

/// <summary>
/// Names the trainer's loss methods: after the loop's local (<c>l1</c> → <c>L1</c>, <c>classification</c> →
/// <c>Classification</c>), or after the method an inline loss calls (<c>mse_loss</c> → <c>MseLoss</c>). A name is
/// never one the trainer already has, nor one a loss expression uses: in the trainer it would hide that method.
/// </summary>
internal static class LossNames
{
    /// <summary>Members of a trainer and of its StepResult that a loss method name would collide with.</summary>
    private static readonly ImmutableHashSet<string> Reserved = ImmutableHashSet.Create(
        "Step", "StepResult", "StepsTaken", "Phase", "Dispose", "SaveState", "RestoreState", "EndEpoch", "Total", "StepNumber",
        "Skipped", "SkippedSteps", "OptimizerStepped", "GetLoss", "LossNames", "ToString", "Equals", "GetHashCode", "GetType",
        "MemberwiseClone", "Finalize", "Loss", "Model", "Optimizer");

    /// <summary>Names that a loss expression may not use, because in the trainer they would mean the trainer's own members.</summary>
    private static readonly ImmutableHashSet<string> TrainerMembers = ImmutableHashSet.Create(
        "Step", "StepResult", "StepsTaken", "Phase", "Dispose", "SaveState", "RestoreState", "EndEpoch", "model", "optimizer");

    /// <summary>Whether <paramref name="expression"/> names something that inside the trainer would be the trainer's member instead.</summary>
    public static bool UsesTrainerMemberName(IOperation expression)
        => Identifiers(expression).Any(TrainerMembers.Contains);

    /// <summary>Every simple name <paramref name="expression"/> uses.</summary>
    public static IEnumerable<string> Identifiers(IOperation expression)
        => expression.Syntax.DescendantNodesAndSelf().OfType<SimpleNameSyntax>().Select(n => n.Identifier.ValueText);

    public static ImmutableArray<PlannedLoss> Assign(ImmutableArray<PlannedLoss> losses)
    {
        var used = new HashSet<string>(Reserved);
        foreach (var loss in losses)
        {
            used.UnionWith(Identifiers(loss.Expression));
        }
        var named = ImmutableArray.CreateBuilder<PlannedLoss>(losses.Length);
        foreach (var loss in losses)
        {
            var name = Pascal(loss.Name.Length > 0 ? loss.Name : CalledName(loss.Expression));
            var candidate = name;
            for (var i = 2; used.Contains(candidate); i++) candidate = i == 2 && !used.Contains(name + "Loss") ? name + "Loss" : name + i;
            used.Add(candidate);
            named.Add(loss with { Name = candidate });
        }
        return named.MoveToImmutable();
    }

    private static string CalledName(IOperation expression)
        => WeightedTerms.WithoutConversions(expression) is IInvocationOperation call ? call.TargetMethod.Name : "Loss";

    private static string Pascal(string name)
    {
        var result = new StringBuilder();
        var upper = true;
        foreach (var c in name.TrimStart('@'))
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }
            result.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return result.Length == 0 || !char.IsLetter(result[0]) ? "Loss" + result : result.ToString();
    }
}
