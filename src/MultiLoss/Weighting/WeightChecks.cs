using System;
using static TorchSharp.torch;

namespace MultiLoss.Weighting;

/// <summary>Argument checks shared by the weighting methods.</summary>
internal static class WeightChecks
{
    /// <summary>A copy of <paramref name="weights"/>: at least one, each finite and not negative.</summary>
    public static double[] Declared(ReadOnlySpan<double> weights, string parameterName)
    {
        if (weights.IsEmpty) throw new ArgumentException("At least one loss weight is needed.", parameterName);
        for (var i = 0; i < weights.Length; i++)
        {
            if (!double.IsFinite(weights[i]) || weights[i] < 0)
            {
                throw new ArgumentException($"Weight {i} is {weights[i]}; a loss weight is finite and not negative.", parameterName);
            }
        }
        return weights.ToArray();
    }

    /// <summary><paramref name="value"/> when it is finite and not negative (a hyperparameter such as CAGrad's c); throws otherwise.</summary>
    public static double FiniteNotNegative(double value, string parameterName)
    {
        if (!(value >= 0) || double.IsPositiveInfinity(value))
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"{parameterName} is finite and not negative.");
        }
        return value;
    }

    /// <summary>True for the real floating-point dtypes.</summary>
    public static bool IsFloatingPoint(ScalarType dtype) =>
        dtype is ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64;
}
