using System;
using System.Globalization;

namespace MultiLoss;

/// <summary>
/// The forward pass of a trainer threw (an input of the wrong shape or dtype, ...): names the forward, the trainer and
/// the step. <see cref="Exception.InnerException"/> is the exception the forward threw.
/// </summary>
public sealed class ForwardPassException : TrainingStepException
{
    /// <summary>The exception a generated step throws when the forward pass <paramref name="forward"/> of <paramref name="trainer"/> failed.</summary>
    /// <param name="trainer">The trainer's full name.</param>
    /// <param name="forward">The forward that threw: the <c>[Forward]</c> method's name, or <c>model.forward</c>.</param>
    /// <param name="step">The number the failed step would have had.</param>
    /// <param name="innerException">What the forward threw.</param>
    public ForwardPassException(string trainer, string forward, long step, Exception innerException)
        : base(string.Create(CultureInfo.InvariantCulture, $"The forward pass '{forward}' of trainer '{trainer}' failed at step {step}: {Cause(innerException)}"), trainer, step, innerException)
    {
        Forward = forward;
    }

    /// <summary>An exception with a default message.</summary>
    public ForwardPassException()
    {
    }

    /// <summary>An exception with <paramref name="message"/>.</summary>
    public ForwardPassException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with <paramref name="message"/> and the exception that caused it.</summary>
    public ForwardPassException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What was called: the <c>[Forward]</c> method's name, or <c>model.forward</c> (the <c>[Model]</c> member's name, then <c>.forward</c>); empty when not given.</summary>
    public string Forward { get; } = "";
}
