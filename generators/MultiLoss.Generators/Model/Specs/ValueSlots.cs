namespace MultiLoss.Generators.Model.Specs;

/// <summary>
/// Where each value a step records goes in the trainer's buffer (a <c>MultiLoss.Runtime.StepValues</c>): each loss at its
/// index, then the total, then each device gate's 0/1 state in declaration order, then, with uncertainty or GradNorm
/// weighting, each loss's weight of the step.
/// </summary>
internal static class ValueSlots
{
    /// <summary>The number of values a step records.</summary>
    public static int ValueCount(TrainerSpec trainer)
        => trainer.Losses.Count + 1 + DeviceGateCount(trainer) + (trainer.Weighting.HasTensorWeights ? trainer.Losses.Count : 0);

    public static int DeviceGateCount(TrainerSpec trainer)
    {
        var count = 0;
        foreach (var loss in trainer.Losses)
        {
            if (loss.HasDeviceGate) count++;
        }
        return count;
    }

    public static int TotalSlot(TrainerSpec trainer) => trainer.Losses.Count;

    /// <summary>The slot of a device gate's state: after the total, in declaration order of the gated losses.</summary>
    public static int GateSlot(TrainerSpec trainer, LossSpec gated)
    {
        var slot = TotalSlot(trainer) + 1;
        foreach (var loss in trainer.Losses)
        {
            if (ReferenceEquals(loss, gated)) return slot;
            if (loss.HasDeviceGate) slot++;
        }
        throw new System.ArgumentException("Not a loss of the trainer.", nameof(gated));
    }

    /// <summary>The slot of a loss's weight under uncertainty or GradNorm weighting: after the device gates' states.</summary>
    public static int WeightSlot(TrainerSpec trainer, LossSpec loss) => TotalSlot(trainer) + 1 + DeviceGateCount(trainer) + loss.Index;
}
