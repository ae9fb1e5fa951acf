using System;
using System.Globalization;

namespace DocTables;

/// <summary>Markdown tables of a recorded benchmark run, each followed by the line that says where its numbers come from.</summary>
public static class BenchmarkTables
{
    /// <summary>
    /// Per category and model size: the hand loop's and the generated step's mean time per step, BenchmarkDotNet's
    /// ratio generated ÷ hand, and the bytes BenchmarkDotNet's memory diagnoser counted per step.
    /// </summary>
    public static string Steps(BenchmarkRun run, RunLink link)
    {
        var table = new MarkdownTable("category", "model", "hand, ms per step", "generated, ms per step", "generated ÷ hand", "hand, allocated", "generated, allocated");
        foreach (var (category, size, hand, generated) in run.Pairs())
        {
            table.Add(
                $"`{category}`", size,
                Time(hand),
                generated is null ? "" : Time(generated),
                generated is null ? "" : Format($"{generated.Ratio:0.00} ± {generated.RatioSD:0.00}"),
                Bytes(hand.AllocatedBytes),
                generated is null ? "" : Bytes(generated.AllocatedBytes));
        }
        return table + "\n" + Source(run, link,
            "BenchmarkDotNet's mean ± standard deviation over the measured iterations, and its `Ratio` ± `RatioSD` against " +
            "the hand loop of the same category and model; `Allocated` (its memory diagnoser) per step");
    }

    /// <summary>
    /// Per category and model size with a generated step: each side's bytes per step on the benchmark thread, the bare
    /// single-loss step's measured alongside, each side's glue (the difference) and generated glue ÷ hand glue.
    /// </summary>
    public static string Glue(BenchmarkRun run, RunLink link)
    {
        var table = new MarkdownTable("category", "model", "hand, B/step", "generated, B/step", "bare step, B", "hand glue, B", "generated glue, B", "generated ÷ hand glue");
        foreach (var (category, size, hand, generated) in run.Pairs())
        {
            if (generated is null) continue;
            table.Add(
                $"`{category}`", size,
                Number(hand.StepBytes),
                Number(generated.StepBytes),
                hand.BareStepBytes == generated.BareStepBytes ? Number(hand.BareStepBytes) : $"{Number(hand.BareStepBytes)} / {Number(generated.BareStepBytes)}",
                Number(hand.GlueBytes),
                Number(generated.GlueBytes),
                hand.GlueBytes > 0 ? Format($"{100.0 * generated.GlueBytes / hand.GlueBytes:0.0} %") : "");
        }
        return table + "\n" + Source(run, link,
            "the `B/step` and `Glue` columns: managed bytes per step on the benchmark thread, least of interleaved rounds " +
            "after the case ran, and those minus the bare step's measured alongside on the same model (where the hand and " +
            "generated cases measured different bare steps, both are shown, hand first)");
    }

    private static string Time(BenchmarkCase step)
    {
        var format = step.MeanMicroseconds >= 10_000 ? "0.0" : "0.000";
        return Format($"{(step.MeanMicroseconds / 1000).ToString(format, CultureInfo.InvariantCulture)} ± {(step.StdDevMicroseconds / 1000).ToString(format, CultureInfo.InvariantCulture)}");
    }

    private static string Bytes(long bytes) => Number(bytes) + " B";

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Source(BenchmarkRun run, RunLink link, string what) =>
        $"From {link} (`{run.Record.Command}`, commit `{run.Record.Commit[..7]}`): {what}.";
}
