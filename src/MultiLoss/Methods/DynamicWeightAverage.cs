using System;
using MultiLoss.Methods.Solvers;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

/// <summary>
/// Dynamic Weight Average (Liu, Johns &amp; Davison 2019): each loss's weight is its declared weight w_i times
/// λ_i = K·softmax(r/T)_i, where r_i = L̄_i(e−1) / L̄_i(e−2) is the ratio of its mean over the last two epochs, K the number
/// of losses and T the temperature. λ = 1 during the first two epochs.
/// </summary>
/// <remarks>
/// <para>Per training step, <see cref="LossWeightingMethod.Observe"/> adds each active loss to a per-loss float64 sum on
/// the device and counts it on the host: no host read, no new tensor. <see cref="TrainingMethod.EndEpoch"/> reads the sums
/// once and computes the next epoch's λ on the host; the weights are then cached as <c>Scalar</c>s (for the total) and in
/// a small device tensor (for reporting), so a step allocates nothing for them.</para>
/// <para>A loss not recorded during an epoch (a gated loss that never ran) keeps its mean from the epoch before, so its
/// ratio for the next epoch is 1. A ratio that is not a finite number (no mean yet, or a mean of 0 before) also counts as 1.</para>
/// </remarks>
public sealed class DynamicWeightAverage : LossWeightingMethod
{
    private double[] lambdas = [];
    private double[] lastMeans = [];
    private double[] earlierMeans = [];
    private Scalar[] weights = [];
    private EpochLossMeans? epoch;

    /// <summary>DWA with temperature T (finite, positive).</summary>
    public DynamicWeightAverage(double temperature = 2.0) => Temperature = FinitePositive(temperature, "The temperature is a finite positive number.");

    /// <summary>The temperature T.</summary>
    public double Temperature { get; }

    /// <summary>The number of <see cref="TrainingMethod.EndEpoch"/> calls so far.</summary>
    public int CompletedEpochs { get; private set; }

    /// <inheritdoc />
    protected override ScalarType? ReportedWeightType => ScalarType.Float64;

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context)
    {
        var count = context.LossCount;
        lambdas = new double[count];
        lastMeans = SavedValues("LastMeans", new double[count]);
        earlierMeans = SavedValues("EarlierMeans", new double[count]);
        SavedCount("Epochs", () => CompletedEpochs, value => CompletedEpochs = checked((int)value));
        epoch = Saved("Epoch", new EpochLossMeans(count, context.Device));
        weights = new Scalar[count];
        OnDispose(() => Array.ForEach(weights, weight => weight?.Dispose()));
        Array.Fill(lastMeans, double.NaN);
        Array.Fill(earlierMeans, double.NaN);
        SetWeights();
    }

    /// <inheritdoc />
    public override Tensor Combine(ReadOnlySpan<Tensor?> losses)
    {
        Tensor? total = null;
        for (var i = 0; i < losses.Length; i++)
        {
            if (losses[i] is { } loss) total = AddWeighted(total, loss, weights[i]);
        }
        return total!;
    }

    /// <summary>Adds each active loss to its sum for this epoch, without a graph.</summary>
    protected override void OnObserve(ReadOnlySpan<Tensor?> losses) => epoch!.Add(losses);

    /// <summary>The number of records of loss <paramref name="i"/> in the current epoch.</summary>
    public long RecordedCount(int i) => epoch!.Count(CheckIndex(i));

    /// <summary>
    /// Ends an epoch: reads the sums once (a device sync on a GPU), takes each recorded loss's mean, and sets the weights for
    /// the next epoch. From the end of the second epoch on, λ = K·softmax(r/T) with r_i = L̄_i(e−1)/L̄_i(e−2); before, λ = 1.
    /// </summary>
    protected override void OnEndEpoch()
    {
        lastMeans.CopyTo(earlierMeans, 0);
        epoch!.End(lastMeans);
        CompletedEpochs++;
        SetWeights();
    }

    /// <inheritdoc />
    protected override void OnStateRestored() => SetWeights();

    /// <summary>λ from the means of the last two epochs (1 before the end of the second), and the weights λ_i·w_i.</summary>
    private void SetWeights()
    {
        var count = LossCount;
        Array.Fill(lambdas, 1.0);
        if (CompletedEpochs >= 2)
        {
            for (var i = 0; i < count; i++)
            {
                var ratio = lastMeans[i] / earlierMeans[i];
                lambdas[i] = (double.IsFinite(ratio) ? ratio : 1.0) / Temperature;
            }
            Softmax.Into(lambdas, count);
        }
        for (var i = 0; i < count; i++)
        {
            weights[i]?.Dispose();
            weights[i] = lambdas[i] * Context.DeclaredWeights[i];
            ReportedWeight(i).fill_(weights[i]);
        }
    }

    /// <summary>λ_i of loss <paramref name="i"/> for the current epoch (1 during the first two).</summary>
    public double Lambda(int i) => lambdas[CheckIndex(i)];

    /// <summary>The weight λ_i·w_i of loss <paramref name="i"/> for the current epoch.</summary>
    public double WeightValue(int i) => lambdas[CheckIndex(i)] * Context.DeclaredWeights[i];

    /// <summary>The mean of loss <paramref name="i"/> over the last completed epoch (NaN if it was never recorded).</summary>
    public double LastEpochMean(int i) => lastMeans[CheckIndex(i)];
}
