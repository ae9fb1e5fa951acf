using System;
using System.Linq;
using NUnit.Framework;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

/// <summary>A Gramian method's <c>Weigh</c> is its math alone: it runs without a trainer and agrees with the aggregation.</summary>
[TestFixture]
public sealed class WeighWithoutTrainerTests
{
    private static readonly Func<GramianAggregationMethod>[] Stateless =
    [
        () => new ImtlG(), () => new AlignedMtl(), () => new ConFig(), () => new UPGrad(), () => new DualProj(),
        () => new Mgda(), () => new CAGrad(),
    ];

    [TestCaseSource(nameof(Stateless))]
    public void Weigh_on_a_Gramian_gives_the_weights_the_trainer_reports(Func<GramianAggregationMethod> create)
    {
        double[][] rows = [[1, 2, 0, -1], [0.5, -1, 2, 0], [0, 1, -1, 3]];
        var gramian = new double[9];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++) gramian[i * 3 + j] = rows[i].Zip(rows[j], (a, b) => a * b).Sum();
        }
        var weights = new double[3];

        Assert.That(create().Weigh(gramian, weights), Is.True);

        var (_, reported) = JacobianHarness.Aggregate(create(), rows, dtype: ScalarType.Float32);
        Assert.That(reported, Is.EqualTo(weights).Within(1e-5), "the float32 trainer's weights");
    }
}
