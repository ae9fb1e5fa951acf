using System;
using System.Globalization;

namespace MultiLoss.Methods;

/// <summary>
/// A gradient-aggregation method could not aggregate this step's gradients: they hold a NaN or an infinity (no weights
/// exist), or a user's method reports that its solver failed. The step is not taken (the parameters' gradients are as they
/// were before it), never a step with NaN or half-solved weights. The message names the method and the step.
/// </summary>
/// <remarks>The built-in methods never throw it for a solver that did not converge on finite gradients: they apply their
/// fallback weights and the step reports <c>FellBack</c>.</remarks>
public class AggregationSolverException : ArithmeticException
{
    /// <summary>The exception for <paramref name="method"/> at its <paramref name="step"/>-th aggregation.</summary>
    /// <param name="method">The method's name, e.g. "MGDA".</param>
    /// <param name="step">The number of the aggregation, from 1.</param>
    /// <param name="iterations">The iterations its solver made.</param>
    /// <param name="detail">What the solver saw, a sentence that completes the message (may be empty).</param>
    public AggregationSolverException(string method, long step, int iterations, string detail)
        : this(string.Create(CultureInfo.InvariantCulture,
            $"{method} did not solve for its weights at step {step}: its solver stopped after {iterations} iteration{(iterations == 1 ? "" : "s")} without converging{(detail.Length > 0 ? "; " + detail : "")}. The step was not taken."),
            method, step, iterations)
    {
    }

    private AggregationSolverException(string message, string method, long step, int iterations)
        : base(message)
    {
        Method = method;
        Step = step;
        Iterations = iterations;
    }

    /// <summary>An exception with a default message.</summary>
    public AggregationSolverException()
    {
    }

    /// <summary>An exception with <paramref name="message"/>.</summary>
    public AggregationSolverException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with <paramref name="message"/> and the exception that caused it.</summary>
    public AggregationSolverException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The exception for gradients that hold a NaN or an infinity at <paramref name="method"/>'s <paramref name="step"/>-th aggregation.</summary>
    internal static AggregationSolverException NonFiniteGradients(string method, long step) => new(string.Create(CultureInfo.InvariantCulture,
        $"{method} cannot aggregate the losses' gradients at step {step}: they hold a NaN or an infinity, so no weights exist. The step was not taken; find the loss whose gradient is not finite, or declare [SkipNonFinite] to skip such steps."), method, step, 0);

    /// <summary>The method's name (empty when not given).</summary>
    public string Method { get; } = "";

    /// <summary>The number of the step, counting the steps that aggregated from 1 (the trainer's step number when none was skipped).</summary>
    public long Step { get; }

    /// <summary>The iterations the solver made.</summary>
    public int Iterations { get; }
}
