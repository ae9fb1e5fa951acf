using System;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Weighting;

/// <summary>
/// Dynamic Weight Average (Liu, Johns &amp; Davison 2019): each loss's weight is its declared weight w_i times
/// λ_i = K·softmax(r/T)_i, where r_i = L̄_i(e−1) / L̄_i(e−2) is the ratio of its mean over the last two epochs, K the number
/// of losses and T the temperature. λ = 1 during the first two epochs.
/// </summary>
/// <remarks>
/// <para>Per step, <see cref="Record"/> adds each loss to a per-loss sum kept on the loss's device (a float64 buffer created
/// at the first record) and counts it on the host: no host read, no new tensor. <see cref="EndEpoch"/> reads the sums once
/// and computes the next epoch's λ on the host; <see cref="Weight"/> hands out the result as <c>Scalar</c>s created
/// there, so a step that multiplies by them allocates nothing for the weight.</para>
/// <para>A loss not recorded during an epoch (a gated loss that never ran) keeps its mean from the epoch before, so its
/// ratio for the next epoch is 1. A ratio that is not a finite number (no mean yet, or a mean of 0 before) also counts as 1.</para>
/// </remarks>
public sealed class DynamicWeightAverage : IDisposable
{
    private readonly double[] declaredWeights;
    private readonly double[] lambdas;
    private readonly double[] lastMeans;
    private readonly double[] earlierMeans;
    private readonly long[] counts;
    private readonly double[] hostSums;
    private readonly Scalar[] weights;
    private readonly Scalar one = 1.0;
    private Tensor? sums;
    private Tensor[]? sumSlots;
    private int completedEpochs;
    private double[]? pendingSums;
    private bool disposed;

    /// <summary>DWA for losses with the given declared weights (finite, not negative) and temperature T.</summary>
    public DynamicWeightAverage(ReadOnlySpan<double> declaredWeights, double temperature = 2.0)
    {
        this.declaredWeights = WeightChecks.Declared(declaredWeights, nameof(declaredWeights));
        if (!double.IsFinite(temperature) || temperature <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature is a finite positive number.");
        }
        Temperature = temperature;
        var count = this.declaredWeights.Length;
        lambdas = new double[count];
        lastMeans = new double[count];
        earlierMeans = new double[count];
        counts = new long[count];
        hostSums = new double[count];
        weights = new Scalar[count];
        Array.Fill(lambdas, 1.0);
        Array.Fill(lastMeans, double.NaN);
        Array.Fill(earlierMeans, double.NaN);
        for (var i = 0; i < count; i++) weights[i] = this.declaredWeights[i];
    }

    /// <summary>The number of losses K.</summary>
    public int LossCount => declaredWeights.Length;

    /// <summary>The temperature T.</summary>
    public double Temperature { get; }

    /// <summary>The number of <see cref="EndEpoch"/> calls so far.</summary>
    public int CompletedEpochs => completedEpochs;

    /// <summary>
    /// Adds <paramref name="loss"/> (a one-element tensor) to loss <paramref name="i"/>'s sum for this epoch. Runs without
    /// recording a graph; in steady state it creates no tensor and, when gradients are already off, allocates nothing.
    /// </summary>
    public void Record(int i, Tensor loss)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        CheckIndex(i);
        ArgumentNullException.ThrowIfNull(loss);
        var slots = sumSlots ?? CreateSums(loss.device);
        if (torch.is_grad_enabled())
        {
            using var _ = torch.no_grad();
            slots[i].add_(loss, one);
        }
        else
        {
            slots[i].add_(loss, one);
        }
        counts[i]++;
    }

    /// <summary>The number of records of loss <paramref name="i"/> in the current epoch.</summary>
    public long RecordedCount(int i)
    {
        CheckIndex(i);
        return counts[i];
    }

    /// <summary>
    /// Ends an epoch: reads the sums once (a device sync on a GPU), takes each recorded loss's mean, and sets the weights for
    /// the next epoch. From the end of the second epoch on, λ = K·softmax(r/T) with r_i = L̄_i(e−1)/L̄_i(e−2); before, λ = 1.
    /// The <c>Scalar</c>s from <see cref="Weight"/> are replaced (the previous ones are disposed).
    /// </summary>
    public void EndEpoch()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var count = declaredWeights.Length;
        if (sums is not null)
        {
            using (var host = sums.cpu())
            using (var values = host.data<double>())
            {
                for (var i = 0; i < count; i++) hostSums[i] = values[i];
            }
            sums.fill_(Runtime.Scalars.Zero);
        }
        for (var i = 0; i < count; i++)
        {
            earlierMeans[i] = lastMeans[i];
            if (counts[i] > 0) lastMeans[i] = hostSums[i] / counts[i];
            counts[i] = 0;
        }
        completedEpochs++;
        if (completedEpochs >= 2) ComputeLambdas();
        for (var i = 0; i < count; i++)
        {
            weights[i].Dispose();
            weights[i] = lambdas[i] * declaredWeights[i];
        }
    }

    /// <summary>
    /// The history a resumed run needs, as one array: completed epochs, then per loss the last and earlier epoch means,
    /// the current epoch's sum (read on the host) and count.
    /// </summary>
    public double[] SaveValues()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var count = declaredWeights.Length;
        var values = new double[1 + 4 * count];
        values[0] = completedEpochs;
        for (var i = 0; i < count; i++)
        {
            values[1 + i] = lastMeans[i];
            values[1 + count + i] = earlierMeans[i];
            values[1 + 2 * count + i] = CurrentSum(i);
            values[1 + 3 * count + i] = counts[i];
        }
        return values;
    }

    /// <summary>Restores a history from <see cref="SaveValues"/>: the weights and the running epoch continue from it.</summary>
    public void RestoreValues(ReadOnlySpan<double> values)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var count = declaredWeights.Length;
        if (values.Length != 1 + 4 * count) throw new ArgumentException($"The state holds {values.Length} DWA values; {1 + 4 * count} were expected.", nameof(values));
        completedEpochs = (int)values[0];
        for (var i = 0; i < count; i++)
        {
            lastMeans[i] = values[1 + i];
            earlierMeans[i] = values[1 + count + i];
            counts[i] = (long)values[1 + 3 * count + i];
        }
        pendingSums = values.Slice(1 + 2 * count, count).ToArray();
        if (sums is not null) ApplyPendingSums();
        Array.Fill(lambdas, 1.0);
        if (completedEpochs >= 2) ComputeLambdas();
        for (var i = 0; i < count; i++)
        {
            weights[i].Dispose();
            weights[i] = lambdas[i] * declaredWeights[i];
        }
    }

    private double CurrentSum(int i)
    {
        if (sumSlots is null) return pendingSums?[i] ?? 0.0;
        using var value = sumSlots[i].ToScalar();
        return value.ToDouble();
    }

    private void ApplyPendingSums()
    {
        if (pendingSums is null) return;
        using var _ = torch.no_grad();
        using var restored = torch.tensor(pendingSums, dtype: ScalarType.Float64, device: sums!.device);
        sums.copy_(restored);
        pendingSums = null;
    }

    private void ComputeLambdas()
    {
        var count = declaredWeights.Length;
        var max = double.NegativeInfinity;
        for (var i = 0; i < count; i++)
        {
            var ratio = lastMeans[i] / earlierMeans[i];
            lambdas[i] = (double.IsFinite(ratio) ? ratio : 1.0) / Temperature;
            max = Math.Max(max, lambdas[i]);
        }
        var total = 0.0;
        for (var i = 0; i < count; i++)
        {
            lambdas[i] = Math.Exp(lambdas[i] - max);
            total += lambdas[i];
        }
        for (var i = 0; i < count; i++) lambdas[i] = count * lambdas[i] / total;
    }

    /// <summary>λ_i of loss <paramref name="i"/> for the current epoch (1 during the first two).</summary>
    public double Lambda(int i)
    {
        CheckIndex(i);
        return lambdas[i];
    }

    /// <summary>
    /// The weight λ_i·w_i of loss <paramref name="i"/> for the current epoch as a <c>Scalar</c> owned by this instance:
    /// valid until the next <see cref="EndEpoch"/>; do not dispose it.
    /// </summary>
    public Scalar Weight(int i)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        CheckIndex(i);
        return weights[i];
    }

    /// <summary>The weight λ_i·w_i of loss <paramref name="i"/> for the current epoch.</summary>
    public double WeightValue(int i)
    {
        CheckIndex(i);
        return lambdas[i] * declaredWeights[i];
    }

    /// <summary>The mean of loss <paramref name="i"/> over the last completed epoch (NaN if it was never recorded).</summary>
    public double LastEpochMean(int i)
    {
        CheckIndex(i);
        return lastMeans[i];
    }

    private Tensor[] CreateSums(Device device)
    {
        var count = declaredWeights.Length;
        var slots = new Tensor[count];
        using (torch.NewDisposeScope())
        {
            var buffer = torch.zeros(count, dtype: ScalarType.Float64, device: device).DetachFromDisposeScope();
            for (var i = 0; i < count; i++) slots[i] = buffer.narrow(0, i, 1).DetachFromDisposeScope();
            sums = buffer;
        }
        sumSlots = slots;
        ApplyPendingSums();
        return slots;
    }

    private void CheckIndex(int i)
    {
        if ((uint)i >= (uint)declaredWeights.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(i), i, $"There are {declaredWeights.Length} losses.");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        PerLossGradients.DisposeAll(sumSlots);
        sums?.Dispose();
        foreach (var weight in weights) weight.Dispose();
        one.Dispose();
    }
}
