using System.Collections.Generic;
using MultiLoss.Generators.Model;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// How each backward mode splits a phase's losses into <see cref="BackwardPass"/>es. A loss with <c>Updates</c> always
/// has its own pass (its backward takes other <c>inputs</c>). Separate backward is written as the seed writes it — one
/// pass per loss — only when such a loss makes the calls differ; otherwise nothing happens between the backward calls,
/// accumulating them one by one equals one backward of the weighted sum, and that single pass walks the graph once.
/// </summary>
internal static class BackwardStrategies
{
    public static IReadOnlyList<BackwardPass> Passes(PhasePlan plan) => plan.Phase.Backward switch
    {
        BackwardModeValue.Separate when HasRestrictedLoss(plan) => OnePerLoss(plan),
        _ => Combined(plan),
    };

    /// <summary>The unrestricted losses in one pass, then one pass per restricted loss.</summary>
    private static IReadOnlyList<BackwardPass> Combined(PhasePlan plan)
    {
        var passes = new List<BackwardPass>();
        var unrestricted = new List<int>();
        foreach (var index in plan.SumOrder)
        {
            if (plan.Loss(index).UpdatesMember is null) unrestricted.Add(index);
        }
        if (unrestricted.Count > 0) passes.Add(new BackwardPass(unrestricted, null));
        foreach (var index in plan.SumOrder)
        {
            var updates = plan.Loss(index).UpdatesMember;
            if (updates is not null) passes.Add(new BackwardPass(new[] { index }, updates));
        }
        return passes;
    }

    private static IReadOnlyList<BackwardPass> OnePerLoss(PhasePlan plan)
    {
        var passes = new List<BackwardPass>();
        foreach (var index in plan.SumOrder) passes.Add(new BackwardPass(new[] { index }, plan.Loss(index).UpdatesMember));
        return passes;
    }

    private static bool HasRestrictedLoss(PhasePlan plan)
    {
        foreach (var index in plan.SumOrder)
        {
            if (plan.Loss(index).UpdatesMember is not null) return true;
        }
        return false;
    }
}
