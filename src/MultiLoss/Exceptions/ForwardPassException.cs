using System;
using System.Globalization;

namespace MultiLoss;

/// <summary>
/// The forward pass of a trainer threw (an input of the wrong shape or dtype, ...): names the forward, the trainer and
/// the step. <see cref="Exception.InnerException"/> is the exception the forward threw.
/// </summary>
/// <param name="trainer">The trainer's full name.</param>
/// <param name="forward">The forward that threw: the <c>[Forward]</c> method's name, or <c>model.forward</c>.</param>
/// <param name="step">The number the failed step would have had.</param>
/// <param name="innerException">What the forward threw.</param>
public sealed class ForwardPassException(string trainer, string forward, long step, Exception innerException)
    : TrainingStepException(string.Create(CultureInfo.InvariantCulture, $"The forward pass '{forward}' of trainer '{trainer}' failed at step {step}: {Cause(innerException)}"), trainer, step, innerException)
{
    /// <summary>What was called: the <c>[Forward]</c> method's name, or <c>model.forward</c> (the <c>[Model]</c> member's name, then <c>.forward</c>).</summary>
    public string Forward { get; } = forward;
}
