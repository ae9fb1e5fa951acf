using System;
using MultiLoss.Runtime;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

/// <summary>The gradient engine knows no method: any aggregation of the rows it is handed is what the shared parameters get.</summary>
[TestFixture]
public sealed class GradientEngineTests
{
    /// <summary>Σ_i c_i·row_i with fixed coefficients: what a Gramian method's combination does, without a method.</summary>
    private sealed class FixedCombination(double[] coefficients) : IGradientAggregation
    {
        public int Calls { get; private set; }

        public void Aggregate(ReadOnlySpan<Tensor?> weightedLosses, Tensor gradients, Tensor? representation, Tensor result)
        {
            Calls++;
            using var c = torch.tensor(coefficients, dtype: gradients.dtype);
            result.copy_(c.unsqueeze(0).mm(gradients).squeeze(0));
        }
    }

    [Test]
    public void The_shared_parameters_get_the_aggregation_of_the_rows_and_the_others_the_total()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var engine = new GradientEngine(Contexts.Of(model, optimizer, new[] { 1.0, 1.0 }));
        using var reference = new TinyModel();
        var aggregation = new FixedCombination([0.25, 2.0]);
        using var scope = NewDisposeScope();

        var losses = new Tensor?[] { model.Loss(model.U, [1.0, 2.0], 0.5), model.Loss(model.V, [-1.0, 0.5], 2.0) };
        using var total = losses[0]!.add(losses[1]!);
        engine.Backward(losses, total, aggregation);

        // By hand: W gets 0.25·∇W L1 + 2·∇W L2; the heads get the total's gradient.
        var expected = new Tensor?[] { reference.Loss(reference.U, [1.0, 2.0], 0.5), reference.Loss(reference.V, [-1.0, 0.5], 2.0) };
        expected[0]!.mul(0.25).add(expected[1]!.mul(2.0)).backward(retain_graph: true, inputs: new[] { reference.W });
        using var w = reference.W.grad!.clone();
        reference.W.grad = null;
        expected[0]!.add(expected[1]!).backward(inputs: new[] { reference.U, reference.V });

        Assert.That(aggregation.Calls, Is.EqualTo(1));
        Assert.That(TinyModel.Values(model.W.grad!), Is.EqualTo(TinyModel.Values(w)).Within(1e-12));
        Assert.That(TinyModel.Values(model.U.grad!), Is.EqualTo(TinyModel.Values(reference.U.grad!)).Within(1e-12));
        Assert.That(TinyModel.Values(model.V.grad!), Is.EqualTo(TinyModel.Values(reference.V.grad!)).Within(1e-12));
    }

    [Test]
    public void LossGradients_are_the_rows_and_leave_the_gradients_as_they_were()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var engine = new GradientEngine(Contexts.Of(model, optimizer, new[] { 1.0, 1.0 }));
        using var scope = NewDisposeScope();
        var loss = model.Loss(model.U, [1.0, 2.0], 0.5);

        var rows = engine.LossGradients(new Tensor?[] { loss, null });

        Assert.That(model.W.grad, Is.Null, "the shared parameters' gradients as they were");
        loss.backward();
        Assert.That(TinyModel.Values(rows[0]), Is.EqualTo(TinyModel.Values(model.W.grad!)).Within(1e-12));
        Assert.That(TinyModel.Values(rows[1]), Is.All.EqualTo(0.0), "a missing loss gives a zero row");
    }
}
