namespace MultiLoss.Generators.Model.Specs;

/// <summary>
/// Where each value a step records goes in the trainer's buffer (a <c>MultiLoss.Runtime.StepValues</c>): each loss at its
/// index, then the total, then each device gate's 0/1 state in declaration order, then, with a method, each loss's weight
/// of the step, then each metric in declaration order.
/// </summary>
internal static class ValueSlots
{
    /// <summary>The number of values a step records.</summary>
    public static int ValueCount(TrainerSpec trainer) => FirstMetricSlot(trainer) + trainer.Metrics.Count;

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

    /// <summary>The slot of a metric: after the weights, in declaration order of the metrics.</summary>
    public static int MetricSlot(TrainerSpec trainer, MetricSpec metric) => FirstMetricSlot(trainer) + metric.Index;

    private static int FirstMetricSlot(TrainerSpec trainer)
        => TotalSlot(trainer) + 1 + DeviceGateCount(trainer) + (trainer.Methods.HasTensorWeights ? trainer.Losses.Count : 0);
}
