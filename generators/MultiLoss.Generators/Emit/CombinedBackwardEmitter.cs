using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// The combined strategy: one backward of the weighted sum. The sum is built with one out-of-place op and
/// then in-place adds on that new tensor (never on a loss the user returned), with weights as cached
/// <c>Scalar</c>s and unit weights skipped.
/// </summary>
internal static class CombinedBackwardEmitter
{
    public static void Emit(SourceWriter writer, EquatableArray<LossSpec> losses)
    {
        writer.Line("// " + Formula(losses));
        var first = losses[0];
        if (losses.Count == 1)
        {
            writer.Line(first.IsUnitWeight
                ? $"var {Names.Total} = {Names.LossLocal(first)};"
                : $"var {Names.Total} = {Names.LossLocal(first)}.mul({Names.WeightField(first)});");
        }
        else if (first.IsUnitWeight)
        {
            writer.Line($"var {Names.Total} = {Names.LossLocal(first)}.add({AddArguments(losses[1])});");
        }
        else
        {
            writer.Line($"var {Names.Total} = {Names.LossLocal(first)}.mul({Names.WeightField(first)});");
            writer.Line($"{Names.Total}.add_({AddArguments(losses[1])});");
        }
        for (var i = 2; i < losses.Count; i++)
        {
            writer.Line($"{Names.Total}.add_({AddArguments(losses[i])});");
        }
        writer.Line($"{Names.Total}.backward();");
    }

    private static string AddArguments(LossSpec loss)
        => loss.IsUnitWeight ? Names.LossLocal(loss) : $"{Names.LossLocal(loss)}, {Names.WeightField(loss)}";

    private static string Formula(EquatableArray<LossSpec> losses)
    {
        var text = new System.Text.StringBuilder("total = ");
        for (var i = 0; i < losses.Count; i++)
        {
            if (i > 0) text.Append(" + ");
            if (!losses[i].IsUnitWeight) text.Append(CSharp.DoubleLiteral(losses[i].Weight)).Append(" * ");
            text.Append(losses[i].MethodName);
        }
        return text.ToString();
    }
}
