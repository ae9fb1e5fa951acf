using System;
using System.Collections.Generic;
using System.IO;
using Digits.App;
using Spectre.Console;

namespace Digits.Experiments;

/// <summary>A strategy's run that threw: which strategy (and seed), and the error's message.</summary>
public sealed record StrategyFailure(string Strategy, string Run, string Message);

/// <summary>
/// The runs of a comparison that threw. Each is printed as it happens and listed at the end as a failed row; the
/// comparison goes on with the other strategies, and its exit code says that some failed. Bad input is not a run's
/// failure: it still stops the program before anything is written.
/// </summary>
public sealed class StrategyFailures
{
    private readonly List<StrategyFailure> failures = [];

    public IReadOnlyList<StrategyFailure> All => failures;

    public bool Any => failures.Count > 0;

    /// <summary>True when a run of <paramref name="strategy"/> failed (in any seed).</summary>
    public bool Contains(string strategy) => failures.Exists(failure => failure.Strategy == strategy);

    /// <summary>
    /// The result of <paramref name="run"/>, or null when it threw: then the failure is recorded and a line naming
    /// <paramref name="label"/> is written to <paramref name="output"/>.
    /// </summary>
    public T? Try<T>(string strategy, string label, Func<T> run, TextWriter output) where T : class
    {
        try
        {
            return run();
        }
        catch (Exception error) when (error is not UsageException and not OutOfMemoryException)
        {
            failures.Add(new StrategyFailure(strategy, label, error.Message));
            output.WriteLine($"{label}: failed: {error.Message}");
            return null;
        }
    }

    /// <summary>One row per failed run: the run and why it failed.</summary>
    public Table ToTable()
    {
        var table = new Table().Title("Failed runs (left out of the results)").AddColumn("run").AddColumn("failed");
        foreach (var failure in failures) table.AddRow(Markup.Escape(failure.Run), Markup.Escape(failure.Message));
        return table;
    }
}
