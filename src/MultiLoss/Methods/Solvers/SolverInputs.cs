using System;

namespace MultiLoss.Methods.Solvers;

/// <summary>
/// The solvers' input checks, and the unit scale they work on: a Gramian G = J·Jᵀ (K×K, row-major) divided by its
/// trace ‖J‖²_F, so that tolerances are relative and the weights do not depend on the scale of the gradients.
/// </summary>
internal static class SolverInputs
{
    /// <summary>True when every value is finite.</summary>
    public static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (var value in values)
        {
            if (!double.IsFinite(value)) return false;
        }
        return true;
    }

    /// <summary>
    /// Writes G/trace(G) into <paramref name="normalized"/> and returns the trace: 0 when every vector is zero (then
    /// nothing is written), NaN when some value is not finite.
    /// </summary>
    public static double NormalizeGramian(ReadOnlySpan<double> gramian, int size, Span<double> normalized)
    {
        if (!AllFinite(gramian)) return double.NaN;
        var trace = 0.0;
        for (var i = 0; i < size; i++) trace += gramian[i * size + i];
        if (!(trace > 0)) return 0;
        var scale = 1.0 / trace;
        for (var k = 0; k < size * size; k++) normalized[k] = gramian[k] * scale;
        return trace;
    }
}
