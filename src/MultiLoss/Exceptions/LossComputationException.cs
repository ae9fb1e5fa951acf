using System;
using System.Globalization;

namespace MultiLoss;

/// <summary>
/// A loss method of a trainer threw (a shape mismatch, a wrong dtype, a class index out of range, ...): names the loss,
/// the trainer and the step. <see cref="Exception.InnerException"/> is the exception the loss threw.
/// </summary>
public sealed class LossComputationException : TrainingStepException
{
    /// <summary>The exception a generated step throws when the loss method <paramref name="loss"/> of <paramref name="trainer"/> failed.</summary>
    /// <param name="trainer">The trainer's full name.</param>
    /// <param name="loss">The name of the loss method that threw.</param>
    /// <param name="step">The number the failed step would have had.</param>
    /// <param name="innerException">What the loss threw.</param>
    public LossComputationException(string trainer, string loss, long step, Exception innerException)
        : base(string.Create(CultureInfo.InvariantCulture, $"The loss '{loss}' of trainer '{trainer}' failed at step {step}: {Cause(innerException)}"), trainer, step, innerException)
    {
        Loss = loss;
    }

    /// <summary>An exception with a default message.</summary>
    public LossComputationException()
    {
    }

    /// <summary>An exception with <paramref name="message"/>.</summary>
    public LossComputationException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with <paramref name="message"/> and the exception that caused it.</summary>
    public LossComputationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The name of the loss method that threw (empty when not given).</summary>
    public string Loss { get; } = "";
}
