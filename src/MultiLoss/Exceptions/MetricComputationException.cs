using System;
using System.Globalization;

namespace MultiLoss;

/// <summary>
/// A metric method of a trainer threw, or returned something other than one value: names the metric, the trainer and
/// the step. <see cref="Exception.InnerException"/> is the exception the metric (or its check) threw.
/// </summary>
public sealed class MetricComputationException : TrainingStepException
{
    /// <summary>Creates the exception for metric method <paramref name="metric"/> of <paramref name="trainer"/>, failed at step <paramref name="step"/>.</summary>
    public MetricComputationException(string trainer, string metric, long step, Exception innerException)
        : base(string.Create(CultureInfo.InvariantCulture, $"The metric '{metric}' of trainer '{trainer}' failed at step {step}: {Cause(innerException)}"), trainer, step, innerException)
    {
        Metric = metric;
    }

    /// <summary>The name of the metric method that threw.</summary>
    public string Metric { get; }
}
