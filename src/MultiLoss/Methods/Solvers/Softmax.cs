using System;

namespace MultiLoss.Methods.Solvers;

/// <summary>The softmax of a few host values, taken around their largest so that it does not overflow.</summary>
internal static class Softmax
{
    /// <summary>Replaces <paramref name="values"/> with <paramref name="scale"/>·softmax(values).</summary>
    public static void Into(Span<double> values, double scale = 1.0)
    {
        var max = double.NegativeInfinity;
        foreach (var value in values) max = Math.Max(max, value);
        var total = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Math.Exp(values[i] - max);
            total += values[i];
        }
        for (var i = 0; i < values.Length; i++) values[i] = scale * values[i] / total;
    }
}
