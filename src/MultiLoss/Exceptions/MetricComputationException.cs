using System;
using System.Globalization;

namespace MultiLoss;

/// <summary>
/// A metric method of a trainer threw, or returned something other than one value: names the metric, the trainer and
/// the step. <see cref="Exception.InnerException"/> is the exception the metric (or its check) threw.
/// </summary>
public sealed class MetricComputationException : TrainingStepException
{
    /// <summary>The exception a generated step throws when the metric method <paramref name="metric"/> of <paramref name="trainer"/> failed.</summary>
    /// <param name="trainer">The trainer's full name.</param>
    /// <param name="metric">The name of the metric method that threw.</param>
    /// <param name="step">The number the failed step would have had.</param>
    /// <param name="innerException">What the metric (or its check) threw.</param>
    public MetricComputationException(string trainer, string metric, long step, Exception innerException)
        : base(string.Create(CultureInfo.InvariantCulture, $"The metric '{metric}' of trainer '{trainer}' failed at step {step}: {Cause(innerException)}"), trainer, step, innerException)
    {
        Metric = metric;
    }

    /// <summary>An exception with a default message.</summary>
    public MetricComputationException()
    {
    }

    /// <summary>An exception with <paramref name="message"/>.</summary>
    public MetricComputationException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with <paramref name="message"/> and the exception that caused it.</summary>
    public MetricComputationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The name of the metric method that threw (empty when not given).</summary>
    public string Metric { get; } = "";
}
