using System;
using System.ComponentModel;
using static TorchSharp.torch;

namespace MultiLoss.Runtime;

/// <summary>
/// What a metric method must return: one value. Checked on the host (its shape, no device read) as the generated code
/// takes each metric; a generated step wraps what this throws with the trainer, the metric and the step.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MetricValue
{
    /// <summary>Returns <paramref name="metric"/>.</summary>
    /// <exception cref="ArgumentException">The metric is null or not one value.</exception>
    public static Tensor Checked(Tensor? metric)
    {
        if (metric is null)
        {
            throw new ArgumentException("The metric returned null: return a tensor holding its value.", nameof(metric));
        }
        if (metric.numel() != 1)
        {
            throw new ArgumentException(
                $"A metric must be one value, but this one has shape [{string.Join(", ", metric.shape)}]: reduce it to one value (e.g. its mean over the batch).",
                nameof(metric));
        }
        return metric;
    }
}
