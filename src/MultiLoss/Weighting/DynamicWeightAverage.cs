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
/// <para>Per training step, <see cref="Observe"/> adds each active loss to a per-loss float64 sum on the device and counts
/// it on the host: no host read, no new tensor. <see cref="EndEpoch"/> reads the sums once and computes the next epoch's
/// λ on the host; the weights are then cached as <c>Scalar</c>s (for the total) and in a small device tensor (for
/// reporting), so a step allocates nothing for them.</para>
/// <para>A loss not recorded during an epoch (a gated loss that never ran) keeps its mean from the epoch before, so its
/// ratio for the next epoch is 1. A ratio that is not a finite number (no mean yet, or a mean of 0 before) also counts as 1.</para>
/// </remarks>
public sealed class DynamicWeightAverage : LossWeightingMethod
{
    private const string HistoryName = "History";
    private const string EpochName = "Epoch";
    private double[] declaredWeights = [];
    private double[] lambdas = [];
    private double[] lastMeans = [];
    private double[] earlierMeans = [];
    private Scalar[] weights = [];
    private EpochLossMeans? epoch;
    private Tensor? reportedWeights;
    private Tensor[] reportedSlots = [];
    private int completedEpochs;

    /// <summary>DWA with temperature T (finite, positive).</summary>
    public DynamicWeightAverage(double temperature = 2.0)
    {
        if (!double.IsFinite(temperature) || temperature <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature is a finite positive number.");
        }
        Temperature = temperature;
    }

    /// <summary>The temperature T.</summary>
    public double Temperature { get; }

    /// <summary>The number of <see cref="EndEpoch"/> calls so far.</summary>
    public int CompletedEpochs => completedEpochs;

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context)
    {
        var count = context.LossCount;
        declaredWeights = context.DeclaredWeights.ToArray();
        lambdas = new double[count];
        lastMeans = new double[count];
        earlierMeans = new double[count];
        weights = new Scalar[count];
        Array.Fill(lambdas, 1.0);
        Array.Fill(lastMeans, double.NaN);
        Array.Fill(earlierMeans, double.NaN);
        reportedSlots = new Tensor[count];
        epoch = new EpochLossMeans(count, context.Device);
        using (torch.NewDisposeScope())
        {
            reportedWeights = torch.zeros(count, dtype: ScalarType.Float64, device: context.Device).DetachFromDisposeScope();
            for (var i = 0; i < count; i++) reportedSlots[i] = reportedWeights[i].DetachFromDisposeScope();
        }
        UpdateWeights();
    }

    /// <inheritdoc />
    public override Tensor Combine(ReadOnlySpan<Tensor?> losses)
    {
        ThrowIfDisposed();
        CheckCount(losses);
        Tensor? total = null;
        for (var i = 0; i < losses.Length; i++)
        {
            if (losses[i] is not { } loss) continue;
            if (total is null) total = loss.mul(weights[i]);
            else total.add_(loss, weights[i]);
        }
        return total ?? throw new ArgumentException("At least one loss is active in a step.", nameof(losses));
    }

    /// <inheritdoc />
    public override Tensor EffectiveWeight(int i)
    {
        ThrowIfDisposed();
        CheckIndex(i);
        return reportedSlots[i];
    }

    /// <summary>Adds each active loss to its sum for this epoch, without a graph.</summary>
    public override void Observe(ReadOnlySpan<Tensor?> losses)
    {
        ThrowIfDisposed();
        CheckCount(losses);
        epoch!.Add(losses);
    }

    /// <summary>The number of records of loss <paramref name="i"/> in the current epoch.</summary>
    public long RecordedCount(int i)
    {
        CheckIndex(i);
        return epoch!.Count(i);
    }

    /// <summary>
    /// Ends an epoch: reads the sums once (a device sync on a GPU), takes each recorded loss's mean, and sets the weights for
    /// the next epoch. From the end of the second epoch on, λ = K·softmax(r/T) with r_i = L̄_i(e−1)/L̄_i(e−2); before, λ = 1.
    /// </summary>
    public override void EndEpoch()
    {
        ThrowIfDisposed();
        var means = epoch ?? throw new InvalidOperationException($"{nameof(DynamicWeightAverage)} is not initialized: call Initialize(context) first.");
        lastMeans.CopyTo(earlierMeans, 0);
        means.End(lastMeans);
        completedEpochs++;
        if (completedEpochs >= 2) ComputeLambdas();
        UpdateWeights();
    }

    /// <summary>
    /// Saves the history a resumed run needs: completed epochs and per loss the last and earlier epoch means, and the
    /// current epoch's sums and counts.
    /// </summary>
    protected override void OnSaveState(MethodState state)
    {
        state.SetValues(HistoryName, [completedEpochs, .. lastMeans, .. earlierMeans]);
        epoch!.Save(state, EpochName);
    }

    /// <inheritdoc />
    protected override void OnRestoreState(MethodState state)
    {
        var values = state.GetValues(HistoryName);
        var count = LossCount;
        if (values.Length != 1 + 2 * count) throw new ArgumentException($"The state holds {values.Length} DWA values; {1 + 2 * count} were expected.", nameof(state));
        completedEpochs = (int)values[0];
        values.AsSpan(1, count).CopyTo(lastMeans);
        values.AsSpan(1 + count, count).CopyTo(earlierMeans);
        epoch!.Restore(state, EpochName, "DWA");
        Array.Fill(lambdas, 1.0);
        if (completedEpochs >= 2) ComputeLambdas();
        UpdateWeights();
    }

    private void ComputeLambdas()
    {
        var count = LossCount;
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

    private void UpdateWeights()
    {
        var values = new double[LossCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = lambdas[i] * declaredWeights[i];
            weights[i]?.Dispose();
            weights[i] = values[i];
        }
        using var _ = torch.no_grad();
        using var onHost = torch.tensor(values, dtype: ScalarType.Float64);
        reportedWeights!.copy_(onHost);
    }

    /// <summary>λ_i of loss <paramref name="i"/> for the current epoch (1 during the first two).</summary>
    public double Lambda(int i)
    {
        CheckIndex(i);
        return lambdas[i];
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

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            epoch?.Dispose();
            TensorArrays.DisposeAll(reportedSlots);
            reportedWeights?.Dispose();
            foreach (var weight in weights) weight?.Dispose();
        }
        base.Dispose(disposing);
    }
}
