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
/// "Glue bytes": a step's allocated bytes minus the bare single-loss step's, same model and optimizer, both
/// measured on the benchmark thread in the case's global cleanup (<see cref="StepBytes"/>).
/// </summary>
public static class Glue
{
    /// <summary>
    /// The bytes per step of a case, measured on the benchmark thread after the case ran (see <see cref="StepBytes"/>),
    /// or null when it was not measured.
    /// </summary>
    public static long? BytesPerStep(Summary summary, BenchmarkCase benchmarkCase) => Measured(summary, benchmarkCase)?.Bytes;

    /// <summary>A case's bytes per step minus the bare step's, both measured in the case's cleanup on its model.</summary>
    public static long? Of(Summary summary, BenchmarkCase benchmarkCase) =>
        Measured(summary, benchmarkCase) is { } m ? m.Bytes - m.BareBytes : null;

    private static (long Bytes, long BareBytes)? Measured(Summary summary, BenchmarkCase benchmarkCase)
    {
        var report = summary[benchmarkCase];
        if (report is null || !report.Success) return null;
        var size = benchmarkCase.Parameters[nameof(TrainStepBenchmarks.Size)]?.ToString();
        var measured = size is null ? null : StepBytes.Read(benchmarkCase.Descriptor.WorkloadMethod.Name, size);
        return measured is { } m ? ((long)Math.Round(m.Bytes), (long)Math.Round(m.BareBytes)) : null;
    }

    /// <summary>
    /// The table printed after a run: per model size and strategy, the hand loop's glue, the generated step's glue
    /// and their ratio. Strategies whose hand or generated case did not run are left out.
    /// </summary>
    public static string Table(IEnumerable<Summary> summaries)
    {
        var rows = new List<string>();
        foreach (var summary in summaries)
        {
            var cases = summary.BenchmarksCases;
            foreach (var hand in cases.Where(c => c.Descriptor.WorkloadMethod.Name.EndsWith("Hand", StringComparison.Ordinal)))
            {
                var strategy = hand.Descriptor.WorkloadMethod.Name[..^"Hand".Length];
                var generated = cases.FirstOrDefault(c =>
                    c.Descriptor.WorkloadMethod.Name == strategy + "Generated"
                    && c.Parameters.ValueInfo == hand.Parameters.ValueInfo
                    && c.Job.DisplayInfo == hand.Job.DisplayInfo);
                var handMeasured = Measured(summary, hand);
                var generatedMeasured = generated is null ? null : Measured(summary, generated);
                if (handMeasured is not { } h || generatedMeasured is not { } g) continue;
                var handGlue = h.Bytes - h.BareBytes;
                var generatedGlue = g.Bytes - g.BareBytes;
                var ratio = handGlue > 0 ? (100.0 * generatedGlue / handGlue).ToString("F1", CultureInfo.InvariantCulture) + " %" : "n/a";
                rows.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {hand.Parameters.ValueInfo,-12} | {strategy,-14} | {h.Bytes,9:N0} | {h.BareBytes,9:N0} | {g.Bytes,9:N0} | {g.BareBytes,9:N0} | {handGlue,9:N0} | {generatedGlue,9:N0} | {ratio,9} |"));
            }
        }
        if (rows.Count == 0)
        {
            return "Glue bytes: not available (run a strategy's Hand and Generated benchmarks together).";
        }
        var text = new StringBuilder();
        text.AppendLine("Bytes per step, measured on the benchmark thread after each case (least of interleaved rounds), with the bare");
        text.AppendLine("single-loss step measured alongside on the same model. Glue = a step's bytes minus that bare step's.");
        text.AppendLine();
        text.AppendLine("| Params       | Strategy       |      Hand | with bare | Generated | with bare | Hand glue |  Gen glue | Gen/hand  |");
        text.AppendLine("|--------------|----------------|----------:|----------:|----------:|----------:|----------:|----------:|----------:|");
        foreach (var row in rows) text.AppendLine(row);
        return text.ToString();
    }
}

/// <summary>A summary column: the bytes per step of every case (<see cref="Glue.BytesPerStep"/>).</summary>
public sealed class StepBytesColumn : IColumn
{
    public string Id => nameof(StepBytesColumn);

    public string ColumnName => "B/step";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Metric;

    public int PriorityInCategory => 99;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Managed bytes per step, this thread only, least of interleaved rounds after the case ran (see StepBytes)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var bytes = Glue.BytesPerStep(summary, benchmarkCase);
        return bytes is null ? "?" : bytes.Value.ToString("N0", style.CultureInfo) + " B";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

/// <summary>A summary column: <see cref="Glue.Of"/> for every case (about 0 for the bare step itself).</summary>
public sealed class GlueColumn : IColumn
{
    public string Id => nameof(GlueColumn);

    public string ColumnName => "Glue";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Metric;

    public int PriorityInCategory => 100;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "B/step minus the bare single-loss step's, measured alongside it on the same model (see StepBytes)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var glue = Glue.Of(summary, benchmarkCase);
        return glue is null ? "?" : glue.Value.ToString("N0", style.CultureInfo) + " B";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
