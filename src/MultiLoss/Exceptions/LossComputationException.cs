using System;
using System.Globalization;

namespace MultiLoss;

/// <summary>
/// A loss method of a trainer threw (a shape mismatch, a wrong dtype, a class index out of range, ...): names the loss,
/// the trainer and the step. <see cref="Exception.InnerException"/> is the exception the loss threw.
/// </summary>
public sealed class LossComputationException : TrainingStepException
{
    /// <summary>Creates the exception for loss method <paramref name="loss"/> of <paramref name="trainer"/>, failed at step <paramref name="step"/>.</summary>
    public LossComputationException(string trainer, string loss, long step, Exception innerException)
        : base(string.Create(CultureInfo.InvariantCulture, $"The loss '{loss}' of trainer '{trainer}' failed at step {step}: {Cause(innerException)}"), trainer, step, innerException)
    {
        Loss = loss;
    }

    /// <summary>The name of the loss method that threw.</summary>
    public string Loss { get; }
}
