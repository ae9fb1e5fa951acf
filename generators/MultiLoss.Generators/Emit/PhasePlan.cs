using System.Collections.Generic;
using System.Text;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// What the emitters of one phase's block share: the losses taking part, the order to compute and to sum them,
/// and for each the C# condition under which it is backpropagated (null when it always is).
/// </summary>
internal sealed class PhasePlan
{
    private readonly string?[] activeConditions;
    private readonly List<int> sumOrder;

    public PhasePlan(TrainerSpec trainer, PhaseSpec phase)
    {
        Trainer = trainer;
        Phase = phase;
        var members = new List<int>(phase.LossOrder);
        members.Sort();
        sumOrder = members;
        activeConditions = new string?[trainer.Losses.Count];
        foreach (var index in members) activeConditions[index] = BuildCondition(index);
    }

    public TrainerSpec Trainer { get; }

    public PhaseSpec Phase { get; }

    /// <summary>The losses taking part, in declaration order: the order of sums and of separate backwards.</summary>
    public IReadOnlyList<int> SumOrder => sumOrder;

    public LossSpec Loss(int index) => Trainer.Losses[index];

    public bool IsMember(int index) => sumOrder.Contains(index);

    /// <summary>True when every one of <paramref name="losses"/> is backpropagated on every step (no gate decides at run time).</summary>
    public bool AllAlwaysActive(IReadOnlyList<int> losses)
    {
        foreach (var index in losses)
        {
            if (activeConditions[index] is not null) return false;
        }
        return true;
    }

    /// <summary>
    /// The 0/1 tensor factors device gates put on loss <paramref name="index"/>: its own gate's state, and
    /// <c>1 − state</c> of each device switch gate of the phase that watches it. Empty without device gates.
    /// </summary>
    public IReadOnlyList<string> DeviceFactors(int index)
    {
        var factors = new List<string>();
        if (Loss(index).HasDeviceGate) factors.Add(Names.DeviceGateLocal(Loss(index)));
        foreach (var other in sumOrder)
        {
            var gate = Loss(other).Gate;
            if (gate is not { OnDevice: true, Mode: GateModeValue.Switch } || gate.WatchedIndex != index) continue;
            factors.Add($"{Names.DeviceGate}.Closed({Names.DeviceGateLocal(Loss(other))})");
        }
        return factors;
    }

    /// <summary>The locals of <paramref name="losses"/> as an argument list, e.g. <c>__ClassificationLoss, __ReconstructionLoss</c>.</summary>
    public string LossLocals(IReadOnlyList<int> losses)
    {
        var text = new StringBuilder();
        foreach (var index in losses)
        {
            if (text.Length > 0) text.Append(", ");
            text.Append(Names.LossLocal(Loss(index)));
        }
        return text.ToString();
    }

    /// <summary>The loss as the sums use it: the loss local, times its device factor when it has one (a new tensor).</summary>
    public string Term(int index, out bool isNewTensor)
    {
        var loss = Loss(index);
        isNewTensor = DeviceFactors(index).Count > 0;
        return isNewTensor ? $"{Names.LossLocal(loss)}.mul({Names.FactorLocal(loss)})" : Names.LossLocal(loss);
    }

    /// <summary>The condition under which loss <paramref name="index"/> is backpropagated, or null when it always is.</summary>
    public string? ActiveCondition(int index) => activeConditions[index];

    /// <summary>
    /// The condition under which at least one of <paramref name="losses"/> is backpropagated: null when one always is,
    /// else the conditions joined with <c>||</c>.
    /// </summary>
    public string? AnyActive(IReadOnlyList<int> losses)
    {
        var conditions = new List<string>();
        foreach (var index in losses)
        {
            var condition = activeConditions[index];
            if (condition is null) return null;
            conditions.Add(condition.Contains("&&") ? "(" + condition + ")" : condition);
        }
        return string.Join(" || ", conditions);
    }

    /// <summary>
    /// A loss is backpropagated when it was computed (its gate, if any, is open) and no open
    /// <see cref="GateModeValue.Switch"/> gate of the phase hands its turn to another loss.
    /// </summary>
    private string? BuildCondition(int index)
    {
        var conjuncts = new StringBuilder();
        if (Loss(index).HasHostGate) conjuncts.Append(Names.LossLocal(Loss(index))).Append(" is not null");
        foreach (var other in SumOrder)
        {
            var gate = Loss(other).Gate;
            if (gate is null || gate.OnDevice || gate.WatchedIndex != index || gate.Mode != GateModeValue.Switch) continue;
            if (conjuncts.Length > 0) conjuncts.Append(" && ");
            conjuncts.Append('!').Append(Names.GateDecisionLocal(Loss(other)));
        }
        return conjuncts.Length == 0 ? null : conjuncts.ToString();
    }
}
