using System.Collections.Generic;

namespace MultiLoss.Generators.Emit;

/// <summary>A weighting method's total: the losses active this step (null for the others) handed to <c>Combine</c>.</summary>
internal sealed class WeightingTotal : TotalPart
{
    public static readonly WeightingTotal Instance = new();

    public override void Emit(SourceWriter writer, PhasePlan plan, IReadOnlyList<int> losses, string local)
    {
        writer.Line($"// {local.TrimStart('_')} = Σ w_i·L_i over the active losses, the w_i set by {plan.Trainer.Methods.Weighting!.Name}");
        MethodEmitter.EmitMethodLosses(writer, plan, losses, weighted: false);
        writer.Line($"var {local} = {Names.Weighting}.TotalOf({Names.MethodLosses});");
    }
}
