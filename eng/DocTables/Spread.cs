using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DocTables;

/// <summary>Values over seeds shown as "mean ± sample standard deviation", or the value alone when there is one.</summary>
public static class Spread
{
    public static string Format(IReadOnlyList<double> values, string format, bool signed = false)
    {
        var mean = values.Average();
        var text = Number(mean, format, signed);
        if (values.Count == 1) return text;
        var deviation = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return $"{text} ± {Number(deviation, format, signed: false)}";
    }

    private static string Number(double value, string format, bool signed)
    {
        var text = value.ToString(format, CultureInfo.InvariantCulture);
        // A mean that rounds to zero is shown without a sign: "-0.0000" would claim a direction the data do not have.
        if (double.Parse(text, CultureInfo.InvariantCulture) == 0) text = 0.0.ToString(format, CultureInfo.InvariantCulture);
        else if (signed && value > 0) text = "+" + text;
        return text;
    }
}
