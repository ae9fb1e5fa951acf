using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using MultiLoss.Generators.Tests.Infrastructure;
using MultiLoss.Generators.Validation;
using NUnit.Framework;

namespace MultiLoss.Generators.Tests;

/// <summary>
/// The property test: random trainer configurations from a fixed seed (<see cref="RandomTrainer"/>), each
/// either built valid or with faults injected on purpose. For every one: the generator does not throw; a configuration
/// without a MultiLoss error gets exactly one source and compiles, with its generated code, without an error or a
/// warning; one with an error gets no source; one built invalid gets an error (the injected one, when there is a
/// single fault); one built valid gets no error and exactly the warnings it was built to get.
/// </summary>
public sealed class PropertyTests
{
    /// <summary>
    /// The seed of the run; a failure prints it with the configuration's index and source. MULTILOSS_PROPERTY_SEED and
    /// MULTILOSS_PROPERTY_COUNT override the seed and the count, to explore beyond the fixed run.
    /// </summary>
    private static readonly int Seed = FromEnvironment("MULTILOSS_PROPERTY_SEED", 4_2026_0611);

    private static readonly int Count = FromEnvironment("MULTILOSS_PROPERTY_COUNT", 2000);

    /// <summary>Configurations per compilation: each in its own file with its own type names, checked file by file.</summary>
    private const int BatchSize = 8;

    private const int FailuresShownInFull = 5;

    [Test]
    public void Random_configurations_get_an_error_or_compile_cleanly()
    {
        var stopwatch = Stopwatch.StartNew();
        var cases = Enumerable.Range(0, Count).Select(i => RandomTrainer.Build(Seed, i)).ToArray();
        var built = stopwatch.Elapsed;

        var tally = new Tally();
        var found = new ConcurrentBag<(int Index, string Text)>();
        Parallel.ForEach(cases.Chunk(BatchSize), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, batch => Check(batch, tally, found));
        stopwatch.Stop();
        var failures = found.OrderBy(f => f.Index).Select(f => f.Text).ToList();

        var report = tally.Report(cases, stopwatch.Elapsed, built);
        TestContext.Out.WriteLine(report);
        Assert.That(failures, Is.Empty, () => Describe(failures) + "\n" + report);
        Assert.That(tally.ReportedIds, Is.SupersetOf(RandomTrainer.CoveredIds), "every diagnostic the configurations cover was reported at least once");
    }

    private static int FromEnvironment(string name, int fallback)
        => int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static void Check(TrainerCase[] batch, Tally tally, ConcurrentBag<(int Index, string Text)> failures)
    {
        var trees = batch.Select(c => GeneratorHarness.Parse(c.Source, c.Path)).ToArray();
        var compilation = GeneratorHarness.CreateCompilation(trees);
        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var updated, out var driverDiagnostics);
        var result = driver.GetRunResult().Results.Single();

        var crashes = driverDiagnostics.Concat(result.Diagnostics).Where(d => d.Id is "CS8785" or "AD0001").ToArray();
        if (result.Exception is not null || crashes.Length > 0)
        {
            if (batch.Length > 1)
            {
                // Find the configuration that made the generator throw.
                foreach (var single in batch) Check([single], tally, failures);
                return;
            }
            failures.Add((batch[0].Index, Failure(batch[0], $"the generator threw: {result.Exception}\n{string.Join("\n", crashes.Select(d => d.ToString()))}")));
            return;
        }

        var paths = batch.Select(c => c.Path).ToHashSet();
        foreach (var unlocated in result.Diagnostics.Where(d => !paths.Contains(d.Location.GetLineSpan().Path)))
        {
            failures.Add((batch[0].Index, $"a diagnostic outside the configurations' files: {unlocated}\nbatch: {string.Join(", ", batch.Select(c => c.Index))}"));
        }
        var hints = batch.SelectMany(c => c.OtherHintNames.Prepend(c.HintName).Append(StubHintName(c))).ToHashSet();
        foreach (var stray in result.GeneratedSources.Where(s => !hints.Contains(s.HintName)))
        {
            failures.Add((batch[0].Index, $"a source no configuration should generate: {stray.HintName}\nbatch: {string.Join("\n", batch.Select(c => c + "\n" + c.Source))}"));
        }

        foreach (var configuration in batch)
        {
            var problem = CheckOne(configuration, result, updated, tally);
            if (problem is not null) failures.Add((configuration.Index, Failure(configuration, problem)));
        }
    }

    private static string StubHintName(TrainerCase configuration) => configuration.HintName.Replace(".MultiLoss.g.cs", ".MultiLoss.Refused.g.cs");

    /// <summary>The properties of one configuration; null when they all hold.</summary>
    private static string? CheckOne(TrainerCase configuration, GeneratorRunResult result, Compilation updated, Tally tally)
    {
        var diagnostics = result.Diagnostics.Where(d => d.Location.GetLineSpan().Path == configuration.Path).ToArray();
        var notOurs = diagnostics.Where(d => !d.Id.StartsWith("ML", StringComparison.Ordinal)).ToArray();
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).ToArray();
        var warnings = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal).ToArray();
        var sources = result.GeneratedSources.Where(s => s.HintName == configuration.HintName).ToArray();
        tally.Add(configuration, diagnostics);

        if (notOurs.Length > 0) return "the generator reported diagnostics that are not MultiLoss's: " + Lines(notOurs);

        foreach (var other in configuration.OtherHintNames)
        {
            // The trainer this one is nested in is valid whatever this one's faults: one source, compiling cleanly.
            var otherSources = result.GeneratedSources.Where(s => s.HintName == other).ToArray();
            if (otherSources.Length != 1) return $"the enclosing trainer should get one source, {other}, but got {otherSources.Length}";
            var otherProblems = Problems(updated, updated.SyntaxTrees.Single(t => t.FilePath.EndsWith(other, StringComparison.Ordinal)));
            if (otherProblems.Length > 0) return $"the enclosing trainer's generated code has errors or warnings:\n{Lines(otherProblems)}\n--- generated ---\n{otherSources[0].SourceText}";
        }

        if (errors.Length > 0)
        {
            if (sources.Length > 0) return $"it has MultiLoss errors but {sources.Length} source(s) were generated: " + Lines(diagnostics);
            // A refused trainer may get the stub that keeps the user's declarations compiling; it must compile cleanly itself.
            if (updated.SyntaxTrees.SingleOrDefault(t => t.FilePath.EndsWith(StubHintName(configuration), StringComparison.Ordinal)) is { } stub
                && Problems(updated, stub) is { Length: > 0 } stubProblems)
            {
                return $"the stub of the refused trainer has errors or warnings:\n{Lines(stubProblems)}\n--- stub ---\n{stub}";
            }
        }
        else
        {
            if (sources.Length != 1) return $"it has no MultiLoss error but {sources.Length} sources were generated (expected one, {configuration.HintName}); diagnostics: " + Lines(diagnostics);
            var generated = updated.SyntaxTrees.Single(t => t.FilePath.EndsWith(configuration.HintName, StringComparison.Ordinal));
            var user = updated.SyntaxTrees.Single(t => t.FilePath == configuration.Path);
            var problems = Problems(updated, user).Concat(Problems(updated, generated)).ToArray();
            if (problems.Length > 0)
            {
                return "it has no MultiLoss error but the compilation with its generated code has errors or warnings:\n" + Lines(problems)
                       + "\n--- generated ---\n" + sources[0].SourceText;
            }
        }

        if (!configuration.IsValid)
        {
            if (errors.Length == 0) return "it was built invalid but got no MultiLoss error; diagnostics: " + Lines(diagnostics);
            if (configuration.Faults.Count == 1 && configuration.Faults[0].Id != RandomTrainer.AnyError && !errors.Contains(configuration.Faults[0].Id))
            {
                return $"its one fault should be reported as {configuration.Faults[0].Id}, but the errors are: " + Lines(diagnostics);
            }
        }
        else
        {
            if (errors.Length > 0) return "it was built valid but got MultiLoss errors: " + Lines(diagnostics);
            var expected = configuration.Warnings.Select(w => w.Id).OrderBy(id => id, StringComparer.Ordinal).ToArray();
            if (!warnings.SequenceEqual(expected))
            {
                return $"it was built valid, expecting the warnings [{string.Join(", ", expected)}], but got: " + Lines(diagnostics);
            }
        }
        return null;
    }

    private static Diagnostic[] Problems(Compilation compilation, SyntaxTree tree)
        => compilation.GetSemanticModel(tree).GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();

    private static string Lines(IEnumerable<Diagnostic> diagnostics)
    {
        var lines = diagnostics.Select(d => "  " + d.ToString()).ToArray();
        return lines.Length == 0 ? "(none)" : "\n" + string.Join("\n", lines);
    }

    private static string Failure(TrainerCase configuration, string problem)
        => $"{configuration}:\n{problem}\n--- source ({configuration.Path}) ---\n{configuration.Source}";

    private static string Describe(List<string> failures)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{failures.Count} of {Count} configurations (seed {Seed}) break a property. Rebuild one with RandomTrainer.Build({Seed}, index).\n\n");
        foreach (var failure in failures.Take(FailuresShownInFull)) text.Append(failure).Append("\n\n");
        foreach (var failure in failures.Skip(FailuresShownInFull)) text.Append(Summary(failure)).Append('\n');
        return text.ToString();
    }

    /// <summary>A failure without its sources: the configuration, the problem and the first diagnostics.</summary>
    private static string Summary(string failure)
    {
        var lines = failure.Split('\n');
        var diagnostics = lines.Skip(2).TakeWhile(l => !l.StartsWith("---", StringComparison.Ordinal)).Where(l => l.StartsWith("  ", StringComparison.Ordinal)).Take(4);
        return string.Join("\n", new[] { lines[0], lines[1] }.Concat(diagnostics));
    }

    private static string[] AllIds()
        => typeof(DiagnosticDescriptors)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => ((DiagnosticDescriptor)field.GetValue(null)!).Id)
            .ToArray();

    /// <summary>What the run covered: configurations by kind, faults injected and diagnostics reported, by id.</summary>
    private sealed class Tally
    {
        private readonly SortedDictionary<string, int> faults = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, int> reported = new(StringComparer.Ordinal);
        private int valid;
        private int validWithWarnings;
        private int invalid;
        private int compiled;

        public IEnumerable<string> ReportedIds => reported.Keys;

        public void Add(TrainerCase configuration, IEnumerable<Diagnostic> diagnostics)
        {
            lock (this) AddLocked(configuration, diagnostics.ToList());
        }

        private void AddLocked(TrainerCase configuration, List<Diagnostic> list)
        {
            if (configuration.IsValid)
            {
                valid++;
                if (configuration.Warnings.Count > 0) validWithWarnings++;
            }
            else
            {
                invalid++;
            }
            if (!list.Any(d => d.Severity == DiagnosticSeverity.Error)) compiled++;
            foreach (var fault in configuration.Faults) faults[fault.Id] = faults.GetValueOrDefault(fault.Id) + 1;
            foreach (var diagnostic in list) reported[diagnostic.Id] = reported.GetValueOrDefault(diagnostic.Id) + 1;
        }

        public string Report(TrainerCase[] cases, TimeSpan elapsed, TimeSpan built)
            => string.Create(CultureInfo.InvariantCulture,
                $"""
                seed {Seed}: {cases.Length} configurations in {elapsed.TotalSeconds:F1} s (built in {built.TotalSeconds:F1} s), {BatchSize} per compilation, {Environment.ProcessorCount} in parallel
                known gaps left out (MULTILOSS_KNOWN_GAPS=all puts them back): {string.Join("; ", RandomTrainer.LeftOutGaps.Select(g => $"{g}: {RandomTrainer.KnownGaps[g]}"))}
                built valid: {valid} ({validWithWarnings} of them with expected warnings); built invalid: {invalid}; generated and compiled: {compiled}
                faults injected: {string.Join(", ", faults.Select(f => $"{f.Key}×{f.Value}"))}
                diagnostics reported: {string.Join(", ", reported.Select(f => $"{f.Key}×{f.Value}"))}
                diagnostics the configurations do not cover: {string.Join(", ", AllIds().Except(RandomTrainer.CoveredIds))}
                """);
    }
}
