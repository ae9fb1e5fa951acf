using System;
using System.ComponentModel;
using TorchSharp;

namespace MultiLoss.Runtime;

/// <summary>
/// A loss weight that ramps up linearly over a warm-up: at step i (from 0) it is <c>weight · min(1, (i + 1) / steps)</c>.
/// During the warm-up each step gets a new <c>Scalar</c> (the previous one is disposed); afterwards the full weight is a
/// <c>Scalar</c> created once.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RampedWeight : IDisposable
{
    private readonly double weight;
    private readonly int warmupSteps;
    private readonly Scalar full;
    private Scalar? ramp;

    /// <summary>Ramps <paramref name="weight"/> over <paramref name="warmupSteps"/> steps (at least 1).</summary>
    public RampedWeight(double weight, int warmupSteps)
    {
        if (warmupSteps < 1) throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, "A warm-up lasts at least one step.");
        this.weight = weight;
        this.warmupSteps = warmupSteps;
        full = weight;
    }

    /// <summary>The weight at step <paramref name="stepIndex"/> (counting from 0).</summary>
    public double ValueAt(long stepIndex) => stepIndex + 1 >= warmupSteps ? weight : weight * (stepIndex + 1) / warmupSteps;

    /// <summary>The weight at step <paramref name="stepIndex"/> as a <c>Scalar</c>, valid until the next call.</summary>
    public Scalar ScalarAt(long stepIndex)
    {
        ramp?.Dispose();
        ramp = stepIndex + 1 >= warmupSteps ? null : ValueAt(stepIndex);
        return ramp ?? full;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ramp?.Dispose();
        full.Dispose();
    }
}
