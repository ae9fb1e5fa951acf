using System;
using System.Globalization;

namespace DocTables;

/// <summary>
/// One row of a recorded BenchmarkDotNet report (tests/MultiLoss.Benchmarks): a train step, its category and model
/// size, its mean time per step, BenchmarkDotNet's ratio to the category's baseline (the hand loop), its allocated bytes
/// per step, and the project's own columns: bytes per step on the benchmark thread (<c>B/step</c>) and those minus the
/// bare single-loss step's (<c>Glue</c>).
/// </summary>
public sealed record BenchmarkCase(
    string Method, string Category, string Size, double MeanMicroseconds, double StdDevMicroseconds,
    double Ratio, double RatioSD, long AllocatedBytes, long StepBytes, long GlueBytes)
{
    /// <summary>The step the generator emits (the method's name ends in <c>Generated</c>).</summary>
    public bool IsGenerated => Method.EndsWith("Generated", StringComparison.Ordinal);

    /// <summary>The bare single-loss step measured alongside this case on the same model.</summary>
    public long BareStepBytes => StepBytes - GlueBytes;

    /// <summary>A time as BenchmarkDotNet prints it (<c>1,234.5 us</c>, <c>μs</c>, <c>ms</c>, <c>ns</c>, <c>s</c>), in microseconds.</summary>
    public static double Microseconds(string text)
    {
        var (number, unit) = Split(text);
        return number * unit switch
        {
            "ns" => 0.001,
            "us" or "μs" or "µs" => 1,
            "ms" => 1_000,
            "s" => 1_000_000,
            _ => throw new DocTablesException($"'{text}' is not a time in ns, us, ms or s"),
        };
    }

    /// <summary>A size in bytes as the benchmark prints it (<c>7,512 B</c>; a unit other than B is refused: it would be rounded).</summary>
    public static long Bytes(string text)
    {
        var (number, unit) = Split(text);
        if (unit != "B") throw new DocTablesException($"'{text}' is not in bytes");
        return (long)number;
    }

    /// <summary>A plain number (a ratio), with or without thousands separators.</summary>
    public static double Number(string text) =>
        double.TryParse(text.Trim(), NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new DocTablesException($"'{text}' is not a number");

    private static (double Number, string Unit) Split(string text)
    {
        var parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2) throw new DocTablesException($"'{text}' is not a number with a unit");
        return (Number(parts[0]), parts[1]);
    }
}
