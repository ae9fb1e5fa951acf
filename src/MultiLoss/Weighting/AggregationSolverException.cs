using System;
using System.Globalization;

namespace MultiLoss.Weighting;

/// <summary>
/// A gradient-aggregation method's solver did not converge: the step is not taken (the parameters' gradients are as they
/// were before it), never a step with NaN or half-solved weights. The message names the method, the step and the
/// iterations.
/// </summary>
public class AggregationSolverException : ArithmeticException
{
    /// <summary>The exception for <paramref name="method"/> at its <paramref name="step"/>-th aggregation.</summary>
    /// <param name="method">The method's name, e.g. "MGDA".</param>
    /// <param name="step">The number of the aggregation, from 1.</param>
    /// <param name="iterations">The iterations its solver made.</param>
    /// <param name="detail">What the solver saw, a sentence that completes the message (may be empty).</param>
    public AggregationSolverException(string method, long step, int iterations, string detail)
        : base(Describe(method, step, iterations, detail))
    {
        Method = method;
        Step = step;
        Iterations = iterations;
    }

    private static string Describe(string method, long step, int iterations, string detail)
    {
        var plural = iterations == 1 ? "" : "s";
        var cause = detail.Length > 0 ? "; " + detail : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{method} did not solve for its weights at step {step}: its solver stopped after {iterations} iteration{plural} without converging{cause}. The step was not taken.");
    }

    /// <summary>The method's name.</summary>
    public string Method { get; }

    /// <summary>The number of the step, counting the steps that aggregated from 1 (the trainer's step number when none was skipped).</summary>
    public long Step { get; }

    /// <summary>The iterations the solver made.</summary>
    public int Iterations { get; }
}
