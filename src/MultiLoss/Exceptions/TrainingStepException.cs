using System;

namespace MultiLoss;

/// <summary>
/// A train step failed in code it calls — the forward pass, a loss or a metric — and this says which trainer, at which step
/// (<see cref="Exception.InnerException"/> is what was thrown). A step that throws one of these has not happened: the
/// trainer's state is as it was before the call, and the next step can be taken.
/// </summary>
public abstract class TrainingStepException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> says what failed.</summary>
    protected TrainingStepException(string message, string trainer, long step, Exception innerException)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(innerException);
        Trainer = trainer;
        Step = step;
    }

    /// <summary>An exception with a default message.</summary>
    protected TrainingStepException()
    {
    }

    /// <summary>An exception with <paramref name="message"/>.</summary>
    protected TrainingStepException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with <paramref name="message"/> and the exception that caused it.</summary>
    protected TrainingStepException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The full name of the trainer type, e.g. <c>MyApp.DigitsTrainer</c> (empty when not given).</summary>
    public string Trainer { get; } = "";

    /// <summary>The number the failed step would have had, counting from 1 (the trainer's steps taken, plus one; 0 when not given).</summary>
    public long Step { get; }

    /// <summary>The first line of the inner exception's message: TorchSharp appends a native stack trace to its own.</summary>
    private protected static string Cause(Exception innerException)
        => (innerException ?? throw new ArgumentNullException(nameof(innerException))).Message.Split('\n')[0].TrimEnd();
}
