using System;
using System.Globalization;

namespace MultiLoss;

/// <summary>
/// A loss method of a trainer threw (a shape mismatch, a wrong dtype, a class index out of range, ...): names the loss,
/// the trainer and the step. <see cref="Exception.InnerException"/> is the exception the loss threw.
/// </summary>
/// <param name="trainer">The trainer's full name.</param>
/// <param name="loss">The name of the loss method that threw.</param>
/// <param name="step">The number the failed step would have had.</param>
/// <param name="innerException">What the loss threw.</param>
public sealed class LossComputationException(string trainer, string loss, long step, Exception innerException)
    : TrainingStepException(string.Create(CultureInfo.InvariantCulture, $"The loss '{loss}' of trainer '{trainer}' failed at step {step}: {Cause(innerException)}"), trainer, step, innerException)
{
    /// <summary>The name of the loss method that threw.</summary>
    public string Loss { get; } = loss;
}
