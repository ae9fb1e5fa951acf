using MultiFashion.Evaluation;
using NUnit.Framework;

namespace MultiLoss.MultiFashion.Tests;

/// <summary>Δm% against numbers worked out by hand.</summary>
public sealed class DeltaMTests
{
    [Test]
    public void Accuracies_average_their_relative_differences_from_the_single_task_ones()
    {
        // Left: (0.80 − 0.75) / 0.75 = +0.0666…; right: (0.60 − 0.64) / 0.64 = −0.0625; mean × 100 = +0.2083…%.
        var deltaM = DeltaM.OfAccuracies(new TaskAccuracies(0.80, 0.60), new TaskAccuracies(0.75, 0.64));

        Assert.That(deltaM, Is.EqualTo(0.208333).Within(1e-6));
    }

    [Test]
    public void Matching_the_baselines_is_zero_and_losing_a_tenth_on_both_is_minus_ten()
    {
        Assert.That(DeltaM.OfAccuracies(new TaskAccuracies(0.7, 0.5), new TaskAccuracies(0.7, 0.5)), Is.Zero);
        Assert.That(DeltaM.OfAccuracies(new TaskAccuracies(0.63, 0.45), new TaskAccuracies(0.7, 0.5)), Is.EqualTo(-10).Within(1e-9));
    }

    [Test]
    public void A_metric_where_lower_is_better_counts_with_the_opposite_sign()
    {
        // Accuracy 0.9 against 0.8: +12.5%; an error of 0.3 against 0.2 (lower is better): −50%; mean −18.75%.
        var deltaM = DeltaM.Percent([new(0.9, 0.8, LowerIsBetter: false), new(0.3, 0.2, LowerIsBetter: true)]);

        Assert.That(deltaM, Is.EqualTo(-18.75).Within(1e-9));
    }
}
