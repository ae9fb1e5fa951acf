using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace MultiLoss.Benchmarks;

/// <summary>
/// "Glue bytes" (issue 6): a step's allocated bytes minus the bare single-loss step's, same model size and job.
/// </summary>
public static class Glue
{
    /// <summary>
    /// The steady-state bytes per step of a case, measured on the benchmark thread after the case ran (see
    /// <see cref="StepBytes"/>), or null when it was not measured.
    /// </summary>
    public static long? BytesPerStep(Summary summary, BenchmarkCase benchmarkCase)
    {
        var report = summary[benchmarkCase];
        if (report is null || !report.Success) return null;
        var size = benchmarkCase.Parameters[nameof(TrainStepBenchmarks.Size)]?.ToString();
        var bytes = size is null ? null : StepBytes.Read(benchmarkCase.Descriptor.WorkloadMethod.Name, size);
        return bytes is null ? null : (long)Math.Round(bytes.Value);
    }

    /// <summary>The bare step's case with the same parameters and job, if it ran.</summary>
    public static BenchmarkCase? BareOf(Summary summary, BenchmarkCase benchmarkCase) =>
        summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.WorkloadMethod.Name == nameof(TrainStepBenchmarks.Bare)
            && c.Parameters.ValueInfo == benchmarkCase.Parameters.ValueInfo
            && c.Job.DisplayInfo == benchmarkCase.Job.DisplayInfo);

    public static long? Of(Summary summary, BenchmarkCase benchmarkCase)
    {
        var bare = BareOf(summary, benchmarkCase);
        if (bare is null) return null;
        var bytes = BytesPerStep(summary, benchmarkCase);
        var bareBytes = BytesPerStep(summary, bare);
        return bytes is null || bareBytes is null ? null : bytes - bareBytes;
    }

    /// <summary>
    /// The table printed after a run: per model size and strategy, the hand loop's glue, the generated step's glue
    /// and their ratio. Strategies whose hand or generated case (or the bare step) did not run are left out.
    /// </summary>
    public static string Table(IEnumerable<Summary> summaries)
    {
        var rows = new List<string>();
        foreach (var summary in summaries)
        {
            var cases = summary.BenchmarksCases;
            foreach (var bare in cases.Where(c => c.Descriptor.WorkloadMethod.Name == nameof(TrainStepBenchmarks.Bare)))
            {
                var bareBytes = BytesPerStep(summary, bare);
                if (bareBytes is null) continue;
                var sameGroup = cases.Where(c => c.Parameters.ValueInfo == bare.Parameters.ValueInfo && c.Job.DisplayInfo == bare.Job.DisplayInfo).ToList();
                foreach (var hand in sameGroup.Where(c => c.Descriptor.WorkloadMethod.Name.EndsWith("Hand", StringComparison.Ordinal)))
                {
                    var strategy = hand.Descriptor.WorkloadMethod.Name[..^"Hand".Length];
                    var generated = sameGroup.FirstOrDefault(c => c.Descriptor.WorkloadMethod.Name == strategy + "Generated");
                    var handBytes = BytesPerStep(summary, hand);
                    var generatedBytes = generated is null ? null : BytesPerStep(summary, generated);
                    if (handBytes is null || generatedBytes is null) continue;
                    var handGlue = handBytes.Value - bareBytes.Value;
                    var generatedGlue = generatedBytes.Value - bareBytes.Value;
                    var ratio = handGlue > 0 ? (100.0 * generatedGlue / handGlue).ToString("F1", CultureInfo.InvariantCulture) + " %" : "n/a";
                    rows.Add(string.Create(CultureInfo.InvariantCulture,
                        $"| {bare.Parameters.ValueInfo,-12} | {strategy,-14} | {bareBytes,9:N0} | {handBytes,9:N0} | {generatedBytes,9:N0} | {handGlue,9:N0} | {generatedGlue,9:N0} | {ratio,9} |"));
                }
            }
        }
        if (rows.Count == 0)
        {
            return "Glue bytes: not available (run the Bare benchmark together with a strategy's Hand and Generated benchmarks).";
        }
        var text = new StringBuilder();
        text.AppendLine("Bytes per step: steady state on the benchmark thread after each case (the B/step column). Glue = a step's bytes");
        text.AppendLine("minus the bare single-loss step's, same model size, same run.");
        text.AppendLine();
        text.AppendLine("| Params       | Strategy       |      Bare |      Hand | Generated | Hand glue |  Gen glue | Gen/hand  |");
        text.AppendLine("|--------------|----------------|----------:|----------:|----------:|----------:|----------:|----------:|");
        foreach (var row in rows) text.AppendLine(row);
        return text.ToString();
    }
}

/// <summary>A summary column: the steady-state bytes per step of every case (<see cref="Glue.BytesPerStep"/>).</summary>
public sealed class StepBytesColumn : IColumn
{
    public string Id => nameof(StepBytesColumn);

    public string ColumnName => "B/step";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Metric;

    public int PriorityInCategory => 99;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Managed bytes per step in steady state, this thread only, measured after the case ran (see StepBytes)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var bytes = Glue.BytesPerStep(summary, benchmarkCase);
        return bytes is null ? "?" : bytes.Value.ToString("N0", style.CultureInfo) + " B";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

/// <summary>A summary column: <see cref="Glue.Of"/> for every case (0 for the bare step itself).</summary>
public sealed class GlueColumn : IColumn
{
    public string Id => nameof(GlueColumn);

    public string ColumnName => "Glue";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Metric;

    public int PriorityInCategory => 100;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "B/step minus the bare single-loss step's B/step (same model size and job)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var glue = Glue.Of(summary, benchmarkCase);
        return glue is null ? "?" : glue.Value.ToString("N0", style.CultureInfo) + " B";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
