using System.Collections.Generic;

namespace MultiLoss.Logging;

/// <summary>Looking values up by name, and copying means the loop hands out.</summary>
internal static class FitValues
{
    /// <exception cref="KeyNotFoundException">No value of <paramref name="layout"/> is named <paramref name="name"/>.</exception>
    public static int IndexOf(ReportLayout layout, string name)
    {
        for (var i = 0; i < layout.Count; i++)
        {
            if (layout.Names[i] == name) return i;
        }
        throw new KeyNotFoundException($"No reported value is named '{name}'; the values are: {string.Join(", ", layout.Names)}.");
    }

    /// <summary>A copy of <paramref name="values"/>, which a window reuses.</summary>
    public static ReportValues Copy(ReportValues values)
    {
        var copy = new ReportValues(values.Layout);
        values.Values.CopyTo(copy.WritableValues);
        values.Counts.CopyTo(copy.WritableCounts);
        copy.SetSteps(values.FirstStep, values.LastStep, values.StepCount);
        return copy;
    }
}
