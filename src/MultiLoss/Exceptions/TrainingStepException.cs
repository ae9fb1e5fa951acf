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

    /// <summary>The full name of the trainer type, e.g. <c>MyApp.DigitsTrainer</c>.</summary>
    public string Trainer { get; }

    /// <summary>The number the failed step would have had, counting from 1 (the trainer's steps taken, plus one).</summary>
    public long Step { get; }

    /// <summary>The first line of the inner exception's message: TorchSharp appends a native stack trace to its own.</summary>
    private protected static string Cause(Exception innerException)
        => (innerException ?? throw new ArgumentNullException(nameof(innerException))).Message.Split('\n')[0].TrimEnd();
}
