using System.Collections.Generic;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes <c>var __total = Σ wᵢ·Lᵢ</c> over the phase's backpropagated losses. With a fixed set it is one
/// out-of-place op and in-place adds on that new tensor, weights as cached <c>Scalar</c>s and unit weights
/// skipped; with gates it is a <c>LossSum</c> fed under each loss's condition.
/// </summary>
internal sealed class WeightedSumTotal : TotalPart
{
    public static readonly WeightedSumTotal Instance = new();

    /// <summary>Writes <c>var {local} = Σ wᵢ·Lᵢ</c> over <paramref name="losses"/> (declaration order).</summary>
    public override void Emit(SourceWriter writer, PhasePlan plan, IReadOnlyList<int> losses, string local)
    {
        writer.Line("// " + Formula(plan, losses, local));
        if (plan.AllAlwaysActive(losses)) EmitFixed(writer, plan, losses, local);
        else EmitConditional(writer, plan, losses, local);
    }

    private static void EmitFixed(SourceWriter writer, PhasePlan plan, IReadOnlyList<int> order, string local)
    {
        var first = plan.Loss(order[0]);
        var firstTerm = plan.Term(order[0], out var firstIsNew);
        if (order.Count == 1)
        {
            writer.Line(first.IsUnitWeight
                ? $"var {local} = {firstTerm};"
                : $"var {local} = {firstTerm}.mul{(firstIsNew ? "_" : string.Empty)}({Names.Weight(first)});");
            return;
        }

        var next = 1;
        if (!first.IsUnitWeight)
        {
            writer.Line($"var {local} = {firstTerm}.mul{(firstIsNew ? "_" : string.Empty)}({Names.Weight(first)});");
        }
        else if (firstIsNew)
        {
            writer.Line($"var {local} = {firstTerm};");
        }
        else
        {
            writer.Line($"var {local} = {firstTerm}.add({AddArguments(plan, order[1])});");
            next = 2;
        }
        for (var k = next; k < order.Count; k++)
        {
            writer.Line($"{local}.add_({AddArguments(plan, order[k])});");
        }
    }

    /// <summary>The sum over the losses active this step (every phase has one: a gate chain ends at an ungated loss).</summary>
    private static void EmitConditional(SourceWriter writer, PhasePlan plan, IReadOnlyList<int> losses, string local)
    {
        var sum = local + "Sum";
        EmitLossSum(writer, plan, losses, sum);
        writer.Line($"var {local} = {sum}.Total;");
    }

    /// <summary>Writes a <c>LossSum</c> named <paramref name="sum"/> fed with each loss under its condition.</summary>
    public static void EmitLossSum(SourceWriter writer, PhasePlan plan, IReadOnlyList<int> losses, string sum)
    {
        writer.Line($"var {sum} = new {Names.LossSum}();");
        foreach (var index in losses)
        {
            var loss = plan.Loss(index);
            var term = plan.Term(index, out _);
            var add = $"{sum}.Add({(loss.IsUnitWeight ? term : $"{term}, {Names.Weight(loss)}")});";
            var condition = plan.ActiveCondition(index);
            writer.Line(condition is null ? add : $"if ({condition}) {add}");
        }
    }

    /// <summary>The arguments of <c>add</c>/<c>add_</c>: the term and its weight, or the cached 1 (TorchSharp's own default alpha allocates).</summary>
    private static string AddArguments(PhasePlan plan, int index)
    {
        var loss = plan.Loss(index);
        var term = plan.Term(index, out _);
        return loss.IsUnitWeight ? $"{term}, {Names.One}" : $"{term}, {Names.Weight(loss)}";
    }

    private static string Formula(PhasePlan plan, IReadOnlyList<int> losses, string local)
    {
        var text = new System.Text.StringBuilder(local.TrimStart('_')).Append(" = ");
        for (var k = 0; k < losses.Count; k++)
        {
            var loss = plan.Loss(losses[k]);
            if (k > 0) text.Append(" + ");
            if (loss.IsRamped) text.Append(CSharp.DoubleLiteral(loss.Weight)).Append(" (warming up) * ");
            else if (!loss.IsUnitWeight) text.Append(CSharp.DoubleLiteral(loss.Weight)).Append(" * ");
            text.Append(loss.MethodName);
        }
        if (!plan.AllAlwaysActive(losses)) text.Append(", over the losses active this step");
        return text.ToString();
    }
}
