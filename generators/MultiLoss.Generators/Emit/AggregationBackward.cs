using System.Collections.Generic;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// The backward pass of a trainer with an aggregation method: the method's <c>Backward</c> (or <c>BackwardAt</c> a
/// representation) in place of the total's, which backpropagates each weighted loss on its own and applies the
/// aggregation; then the aggregation's weights, which the backward decided, amended into the step's values.
/// </summary>
internal sealed class AggregationBackward : BackwardPart
{
    public static readonly AggregationBackward Instance = new();

    /// <summary>Only the parameters outside a shared layer get the total's gradient; over every parameter it is only reported.</summary>
    public override bool BuildsTotal(PhasePlan plan, IReadOnlyList<BackwardPass> passes)
        => !IgnoresTotal(plan.Trainer) && base.BuildsTotal(plan, passes);

    public override void Emit(SourceWriter writer, PhasePlan plan, IReadOnlyList<BackwardPass> passes)
    {
        var methods = plan.Trainer.Methods;
        MethodEmitter.EmitMethodLosses(writer, plan, plan.SumOrder, weighted: true);
        // Over every parameter (no [SharedLayer]) nothing is left for the total to train: it was only summed for the report.
        var total = IgnoresTotal(plan.Trainer) ? "null"
            : OptimizerStepPart.For(plan.Trainer).LossScale is { } scale ? $"{Names.Total}.mul({scale})" : Names.Total;
        var call = methods.Representation is { } representation
            ? $"{Names.Aggregation}.BackwardAt({CSharp.Identifier(representation)}, {Names.MethodLosses}, {total});"
            : $"{Names.Aggregation}.Backward({Names.MethodLosses}, {total});";
        if (methods.Representation is not null)
        {
            writer.Line($"// The losses' gradients are aggregated at the forward output '{methods.Representation}'; the layers above it get the total's gradient.");
        }
        if (plan.Trainer.Controls.SkipNonFinite)
        {
            // [SkipNonFinite]: gradients the method cannot aggregate (not finite) skip the step, as a total that is not finite does.
            writer.OpenBlock("try");
            writer.Line(call);
            writer.Line($"{Names.FellBack} = {Names.Aggregation}.FellBack;");
            writer.CloseBlock();
            writer.OpenBlock($"catch (global::MultiLoss.Methods.AggregationSolverException)");
            writer.Line($"{Names.Skipped} = true;");
            writer.Line($"{Names.SkippedSteps}++;");
            writer.CloseBlock();
        }
        else
        {
            writer.Line(call);
            writer.Line($"{Names.FellBack} = {Names.Aggregation}.FellBack;");
        }
        writer.OpenBlock($"using (var {Names.Record} = {Names.Values}.Amend())");
        foreach (var loss in plan.Trainer.Losses)
        {
            writer.Line($"{Names.Record}.Set({ValueSlots.WeightSlot(plan.Trainer, loss)}, {Names.Aggregation}.EffectiveWeight({CSharp.IntLiteral(loss.Index)}));");
        }
        writer.CloseBlock();
    }

    /// <summary>An aggregation over every parameter backpropagates the losses one by one, never the total: it is only reported.</summary>
    public static bool IgnoresTotal(TrainerSpec trainer) => trainer.Methods.SharedLayer is null && trainer.Methods.Representation is null;
}
