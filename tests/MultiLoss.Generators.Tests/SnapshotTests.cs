using MultiLoss.Generators.Tests.Infrastructure;
using NUnit.Framework;

namespace MultiLoss.Generators.Tests;

/// <summary>The generated source of each configuration, approved as <c>Snapshots/&lt;configuration&gt;.approved.cs</c>.</summary>
public sealed class SnapshotTests
{
    [Test]
    public void Two_losses_weighted() => Verify(TrainerSources.TwoLossesWeighted);

    [Test]
    public void Three_losses_unweighted() => Verify(TrainerSources.ThreeLossesUnweighted);

    [Test]
    public void Multi_output_forward_with_name_binding() => Verify(TrainerSources.MultiOutputForward);

    [Test]
    public void User_declared_step_with_custom_parameter_names() => Verify(TrainerSources.UserDeclaredStep);

    [Test]
    public void Trainer_nested_in_a_class_in_a_namespace() => Verify(TrainerSources.NestedInNamespace);

    [Test]
    public void Single_loss_with_a_non_unit_weight() => Verify(TrainerSources.SingleLossWeighted);

    [Test]
    public void Nullable_declarations_checked_or_passed_on() => Verify(TrainerSources.NullableDeclarations);

    [TestCaseSource(typeof(StrategySources), nameof(StrategySources.All))]
    public void Strategy(TrainerSources.Configuration configuration) => Verify(configuration);

    private static void Verify(TrainerSources.Configuration configuration)
    {
        var output = GeneratorHarness.Run(configuration.Source);
        Assert.That(output.GeneratorDiagnostics, Is.Empty, "generator diagnostics");
        Snapshot.Verify(configuration.Name, output.SingleSource(configuration.HintName));
    }
}
