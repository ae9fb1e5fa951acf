using System.Collections.Generic;

namespace MultiLoss.Generators.Emit;

/// <summary>The total of the method a trainer takes at construction: every loss, unweighted, handed to its <c>Total</c>.</summary>
internal sealed class OpenMethodTotal : TotalPart
{
    public static readonly OpenMethodTotal Instance = new();

    public override void Emit(SourceWriter writer, PhasePlan plan, IReadOnlyList<int> losses, string local)
    {
        writer.Line($"// {local.TrimStart('_')} = the total of the trainer's method");
        foreach (var index in plan.SumOrder)
        {
            writer.Line($"{Names.MethodLosses}[{CSharp.IntLiteral(index)}] = {Names.LossLocal(plan.Loss(index))};");
        }
        writer.Line($"var {local} = {OpenMethodEmitter.Field}.Total({Names.MethodLosses});");
    }
}
