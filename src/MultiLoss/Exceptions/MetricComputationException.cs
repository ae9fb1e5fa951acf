using System;
using System.Globalization;

namespace MultiLoss;

/// <summary>
/// A metric method of a trainer threw, or returned something other than one value: names the metric, the trainer and
/// the step. <see cref="Exception.InnerException"/> is the exception the metric (or its check) threw.
/// </summary>
/// <param name="trainer">The trainer's full name.</param>
/// <param name="metric">The name of the metric method that threw.</param>
/// <param name="step">The number the failed step would have had.</param>
/// <param name="innerException">What the metric (or its check) threw.</param>
public sealed class MetricComputationException(string trainer, string metric, long step, Exception innerException)
    : TrainingStepException(string.Create(CultureInfo.InvariantCulture, $"The metric '{metric}' of trainer '{trainer}' failed at step {step}: {Cause(innerException)}"), trainer, step, innerException)
{
    /// <summary>The name of the metric method that threw.</summary>
    public string Metric { get; } = metric;
}
