using System;
using System.Globalization;

namespace MultiLoss;

/// <summary>
/// The forward pass of a trainer threw (an input of the wrong shape or dtype, ...): names the forward, the trainer and
/// the step. <see cref="Exception.InnerException"/> is the exception the forward threw.
/// </summary>
public sealed class ForwardPassException : TrainingStepException
{
    /// <summary>Creates the exception for forward <paramref name="forward"/> of <paramref name="trainer"/>, failed at step <paramref name="step"/>.</summary>
    public ForwardPassException(string trainer, string forward, long step, Exception innerException)
        : base(string.Create(CultureInfo.InvariantCulture, $"The forward pass '{forward}' of trainer '{trainer}' failed at step {step}: {Cause(innerException)}"), trainer, step, innerException)
    {
        Forward = forward;
    }

    /// <summary>What was called: the <c>[Forward]</c> method's name, or <c>model.forward</c> (the <c>[Model]</c> member's name, then <c>.forward</c>).</summary>
    public string Forward { get; }
}
