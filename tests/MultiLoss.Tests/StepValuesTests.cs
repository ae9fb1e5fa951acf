using System;
using MultiLoss.Runtime;
using NUnit.Framework;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

[TestFixture]
public sealed class StepValuesTests
{
    [Test]
    public void Values_not_written_in_a_step_read_as_NaN()
    {
        using var values = new StepValues(3);
        using var scope = NewDisposeScope();
        using (var writer = values.BeginStep())
        {
            writer.Set(0, tensor(1.5f));
            writer.Set(2, tensor(2.5f));
        }

        Assert.That(values.Read(0, values.Step), Is.EqualTo(1.5));
        Assert.That(values.Read(1, values.Step), Is.NaN);
        Assert.That(values.Read(2, values.Step), Is.EqualTo(2.5));

        using (var writer = values.BeginStep())
        {
            writer.Set(1, tensor(4.0));
        }
        Assert.That(values.Read(0, values.Step), Is.NaN);
        Assert.That(values.Read(1, values.Step), Is.EqualTo(4.0));
    }

    [Test]
    public void Amending_a_step_keeps_its_values_and_reads_the_new_ones_after_an_earlier_read()
    {
        using var values = new StepValues(3);
        using var scope = NewDisposeScope();
        using (var writer = values.BeginStep())
        {
            writer.Set(0, tensor(1.5f));
        }
        Assert.That(values.Read(2, values.Step), Is.NaN, "read before the amendment");

        using (var writer = values.Amend())
        {
            writer.Set(2, tensor(7.0));
        }

        Assert.That(values.Read(0, values.Step), Is.EqualTo(1.5), "the step's earlier value stays");
        Assert.That(values.Read(1, values.Step), Is.NaN);
        Assert.That(values.Read(2, values.Step), Is.EqualTo(7.0), "the amended value, not the host copy taken before it");
    }

    [Test]
    public void Recording_does_not_attach_the_buffer_to_the_graph()
    {
        using var values = new StepValues(1);
        using var scope = NewDisposeScope();
        var weight = ones(1, requires_grad: true);
        var loss = (weight * 3).sum();
        using (var writer = values.BeginStep())
        {
            writer.Set(0, loss);
        }

        Assert.That(is_grad_enabled(), Is.True, "the writer must restore grad mode");
        loss.backward();
        Assert.That(values.Read(0, values.Step), Is.EqualTo(3.0));
    }

    [TestCase(0)]
    [TestCase(StepValues.MaxCount + 1)]
    public void Count_out_of_range_is_rejected(int count)
    {
        Assert.That(() => new StepValues(count), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Reading_before_any_step_is_stale()
    {
        using var values = new StepValues(1);
        Assert.That(() => values.Read(0, 1), Throws.InvalidOperationException);
    }
}
