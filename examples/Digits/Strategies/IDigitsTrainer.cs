using System;
using Digits.Training;

namespace Digits.Strategies;

/// <summary>
/// What the example needs from a strategy's trainer. Each generated trainer has its own <c>StepResult</c> type; a
/// trainer hands its step, with that type, to an <see cref="IStepVisitor{TResult}"/>, so the fit loop built around it
/// reads every step's report without boxing it.
/// </summary>
public interface IDigitsTrainer : IDisposable
{
    /// <summary>True when the trainer's losses are declared as their logarithms (DB-MTL): the history turns them back (<see cref="LogLoss.Undo"/>).</summary>
    bool ReportsLogLosses => false;

    /// <summary>Calls <paramref name="visitor"/> with this trainer and its step on a <see cref="DigitsBatch"/>.</summary>
    TResult Accept<TResult>(IStepVisitor<TResult> visitor);
}
