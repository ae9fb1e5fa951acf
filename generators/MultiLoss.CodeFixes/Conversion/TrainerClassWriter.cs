using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using MultiLoss.Analyzers.Conversion;

namespace MultiLoss.CodeFixes.Conversion;

/// <summary>
/// The source of the <c>[MultiLossTrainer]</c> class a loop becomes: the model and the optimizer, a step declared with
/// the loop's own names, and one <c>[Loss]</c> method per loss with its weight, gate and phases. TorchSharp's types
/// are spelled as the file can name them (<see cref="TorchNames"/>); MultiLoss's attributes by their short names (the
/// conversion adds <c>using MultiLoss;</c> where it is missing).
/// </summary>
internal static class TrainerClassWriter
{
    public static string Write(LoopPlan plan, string className, string accessibility, TorchNames names)
    {
        var text = new StringBuilder();
        text.Append(plan.Separate ? "[MultiLossTrainer(Backward = BackwardMode.Separate)]\n" : "[MultiLossTrainer]\n");
        foreach (var phase in plan.Phases) text.Append('[').Append(Phase(phase)).Append("]\n");
        text.Append(accessibility).Append(" sealed partial class ").Append(className)
            .Append('(').Append(names.Module).Append(" model, ").Append(names.Optimizer).Append(" optimizer)\n{\n");
        text.Append("    [Model] private readonly ").Append(names.Module).Append(" model = model;\n");
        text.Append("    [Optimizer] private readonly ").Append(names.Optimizer).Append(" optimizer = optimizer;\n\n");
        text.Append("    public partial StepResult Step(").Append(Parameters(plan.Inputs.Select(i => i.Name), names)).Append(");\n");
        foreach (var loss in plan.Losses)
        {
            text.Append("\n    [").Append(string.Join(", ", Attributes(loss, plan))).Append("]\n");
            text.Append("    private ").Append(names.Tensor).Append(' ').Append(loss.Name)
                .Append('(').Append(Parameters(loss.Parameters, names)).Append(") => ").Append(Body(loss)).Append(";\n");
        }
        return text.Append("}\n").ToString();
    }

    private static IEnumerable<string> Attributes(PlannedLoss loss, LoopPlan plan)
    {
        yield return loss.Weight == 1 ? "Loss" : $"Loss(weight: {Number(loss.Weight)})";
        if (loss.Gate is { } gate)
        {
            var watched = plan.Losses[gate.WatchedIndex].Name;
            var threshold = gate.ThresholdIsSingle ? ((float)gate.Threshold).ToString("R", CultureInfo.InvariantCulture) + "f" : Number(gate.Threshold);
            yield return $"GateOn({threshold}, On = nameof({watched}){(gate.Add ? ", Mode = GateMode.Add" : "")})";
        }
        foreach (var phase in loss.Phases) yield return $"Phase({phase})";
    }

    private static string Phase(PlannedPhase phase)
    {
        var text = new StringBuilder("Phase(").Append(phase.Number);
        if (phase.Separate) text.Append(", Backward = BackwardMode.Separate");
        if (phase.Steps > 0) text.Append(", Steps = ").Append(phase.Steps.ToString(CultureInfo.InvariantCulture));
        return text.Append(')').ToString();
    }

    private static string Parameters(IEnumerable<string> parameters, TorchNames names)
        => string.Join(", ", parameters.Select(p => names.Tensor + " " + p));

    /// <summary>The loop's expression for the loss, with the forward output and the data renamed to the method's parameters.</summary>
    private static string Body(PlannedLoss loss)
    {
        var syntax = loss.Expression.Syntax;
        var text = new StringBuilder(syntax.ToString());
        foreach (var replacement in loss.Replacements.OrderByDescending(r => r.Span.Start))
        {
            var start = replacement.Span.Start - syntax.SpanStart;
            text.Remove(start, replacement.Span.Length).Insert(start, replacement.Text);
        }
        return text.ToString();
    }

    /// <summary>A double as C# reads it back exactly.</summary>
    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
