using System;
using System.Collections.Generic;
using MultiLoss.Runtime;
using NUnit.Framework;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

/// <summary>
/// The Gramian from the layers (no Jacobian kept) against G = J·Jᵀ of gradients taken by hand, and the weights it leads
/// to applied with one backward pass against Σ c_i·∇L_i by hand; where the layers cannot give G, the Jacobian's way.
/// </summary>
[TestFixture]
public sealed class LayerGramianTests
{
    private long threshold;

    [SetUp]
    public void FromAnySize()
    {
        threshold = GramianAggregationMethod.LayerGramianFromBytes;
        GramianAggregationMethod.LayerGramianFromBytes = 0;
    }

    [TearDown]
    public void Restore() => GramianAggregationMethod.LayerGramianFromBytes = threshold;

    /// <summary>Records G and applies fixed weights, the same on both ways.</summary>
    private sealed class FixedWeights(double[] coefficients) : IGramianAggregation
    {
        public double[]? Gramian { get; private set; }

        public int FromLayers { get; private set; }

        public int FromJacobian { get; private set; }

        public void WeighGramian(ReadOnlySpan<Tensor?> weightedLosses, ReadOnlySpan<double> gramian, Tensor weights)
        {
            FromLayers++;
            Gramian = gramian.ToArray();
            using var c = torch.tensor(coefficients, dtype: ScalarType.Float64);
            weights.copy_(c);
        }

        public void Aggregate(ReadOnlySpan<Tensor?> weightedLosses, Tensor gradients, Tensor? representation, Tensor result)
        {
            FromJacobian++;
            using var g = gradients.mm(gradients.t()).to(ScalarType.Float64).cpu();
            Gramian = g.data<double>().ToArray();
            using var c = torch.tensor(coefficients, dtype: gradients.dtype);
            result.copy_(c.unsqueeze(0).mm(gradients).squeeze(0));
        }
    }

    /// <summary>A body of linear layers (shared) under three heads; <c>Direct</c> calls the layers' forward, which runs no hook.</summary>
    private sealed class Net : nn.Module
    {
        public Net(int seed, ScalarType dtype, bool direct = false, bool twice = false) : base(nameof(Net))
        {
            torch.manual_seed(seed);
            Body = nn.Sequential(("fc1", nn.Linear(6, 10)), ("tanh", nn.Tanh()), ("fc2", nn.Linear(10, 5, hasBias: false)), ("relu", nn.ReLU()));
            First = nn.Linear(6, 10);
            Heads = [nn.Linear(5, 1), nn.Linear(5, 2), nn.Linear(5, 1)];
            register_module("body", Body);
            register_module("first", First);
            for (var h = 0; h < Heads.Length; h++) register_module("head" + h, Heads[h]);
            this.to(dtype);
            (Direct, Twice) = (direct, twice);
        }

        public Sequential Body { get; }

        public Linear First { get; }

        public Linear[] Heads { get; }

        public bool Direct { get; }

        public bool Twice { get; }

        public Tensor Hidden(Tensor input)
        {
            if (Direct) return ((Linear)Body[0]).forward(input).tanh().matmul(((Linear)Body[2]).weight!.t()).relu();
            var hidden = Body.call(input);
            return Twice ? hidden.add(Body.call(input)) : hidden;
        }

        public Tensor?[] Losses(Tensor input, Tensor target)
        {
            var hidden = Hidden(input);
            return
            [
                Heads[0].call(hidden).sub(target).square().mean(),
                Heads[1].call(hidden).pow(2).mean().mul(0.3),
                Heads[2].call(hidden).abs().mean(),
            ];
        }

        public IEnumerable<Parameter> Shared => Body.parameters();
    }

    private static (Tensor Input, Tensor Target) Batch(int seed, ScalarType dtype, params long[] leading)
    {
        torch.manual_seed(seed);
        long[] shape = [.. leading, 6];
        long[] targetShape = [.. leading, 1];
        return (torch.randn(shape, dtype: dtype), torch.randn(targetShape, dtype: dtype));
    }

    private static double[] Flat(IEnumerable<Parameter> parameters, bool gradients)
    {
        var values = new List<double>();
        foreach (var parameter in parameters)
        {
            var source = gradients ? parameter.grad : parameter;
            if (source is null) continue;
            values.AddRange(TinyModel.Values(source));
        }
        return [.. values];
    }

    /// <summary>G = J·Jᵀ and Σ c_i·∇L_i of the shared parameters, from one backward pass per loss on a copy of the net.</summary>
    private static (double[] Gramian, double[] Combined) ByHand(Net net, Tensor input, Tensor target, double[] c)
    {
        using var scope = NewDisposeScope();
        var losses = net.Losses(input, target);
        var rows = new List<double[]>();
        foreach (var loss in losses)
        {
            foreach (var parameter in net.Shared) parameter.grad = null;
            loss!.backward(retain_graph: true);
            rows.Add(Flat(net.Shared, gradients: true));
        }
        var gramian = new double[9];
        var combined = new double[rows[0].Length];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                for (var n = 0; n < combined.Length; n++) gramian[i * 3 + j] += rows[i][n] * rows[j][n];
            }
            for (var n = 0; n < combined.Length; n++) combined[n] += c[i] * rows[i][n];
        }
        return (gramian, combined);
    }

    [TestCase(new long[] { 8 })]
    [TestCase(new long[] { 3, 4 })]
    public void The_Gramian_from_the_layers_is_J_Jt_and_the_shared_parameters_get_the_weighted_gradients(long[] leading)
    {
        double[] c = [0.7, -0.2, 1.5];
        using var net = new Net(seed: 301, ScalarType.Float64);
        using var reference = new Net(seed: 301, ScalarType.Float64);
        using var optimizer = torch.optim.SGD(net.parameters(), 0.1);
        using var context = Contexts.Of(net, optimizer, [1.0, 1.0, 1.0], net.Body);
        context.Gradients.PrepareForGramianAggregation();
        var (input, target) = Batch(302, ScalarType.Float64, leading);
        var aggregation = new FixedWeights(c);

        using (var scope = NewDisposeScope())
        {
            var losses = net.Losses(input, target);
            context.Gradients.Backward(losses, losses[0]!.add(losses[1]!).add(losses[2]!), aggregation);
        }
        var (gramian, combined) = ByHand(reference, input, target, c);

        Assert.That(context.Gradients.UsesLayerGramian, Is.True);
        Assert.That((aggregation.FromLayers, aggregation.FromJacobian), Is.EqualTo((1, 0)));
        Assert.That(aggregation.Gramian, Is.EqualTo(gramian).Within(1e-12));
        Assert.That(Flat(net.Shared, gradients: true), Is.EqualTo(combined).Within(1e-12));
        input.Dispose();
        target.Dispose();
    }

    [Test]
    public void A_step_whose_layers_ran_no_hook_or_ran_twice_takes_the_Jacobians_way_with_the_same_result()
    {
        foreach (var (direct, twice) in new[] { (true, false), (false, true) })
        {
            double[] c = [0.4, 1.0, 0.25];
            using var net = new Net(seed: 303, ScalarType.Float64, direct, twice);
            using var reference = new Net(seed: 303, ScalarType.Float64, direct, twice);
            using var optimizer = torch.optim.SGD(net.parameters(), 0.1);
            using var context = Contexts.Of(net, optimizer, [1.0, 1.0, 1.0], net.Body);
            context.Gradients.PrepareForGramianAggregation();
            var (input, target) = Batch(304, ScalarType.Float64, 8);
            var aggregation = new FixedWeights(c);

            using (var scope = NewDisposeScope())
            {
                var losses = net.Losses(input, target);
                context.Gradients.Backward(losses, losses[0]!.add(losses[1]!).add(losses[2]!), aggregation);
            }
            var (gramian, combined) = ByHand(reference, input, target, c);

            Assert.That((aggregation.FromLayers, aggregation.FromJacobian), Is.EqualTo((0, 1)), $"direct {direct}, twice {twice}");
            Assert.That(aggregation.Gramian, Is.EqualTo(gramian).Within(1e-12));
            Assert.That(Flat(net.Shared, gradients: true), Is.EqualTo(combined).Within(1e-12));
            input.Dispose();
            target.Dispose();
        }
    }

    [Test]
    public void Shared_parameters_outside_linear_layers_or_a_small_Jacobian_keep_the_Jacobian()
    {
        using var net = new Net(seed: 305, ScalarType.Float32);
        using var optimizer = torch.optim.SGD(net.parameters(), 0.1);
        using var norm = nn.Sequential(("fc", nn.Linear(6, 4)), ("norm", nn.LayerNorm(4)));
        using var normOptimizer = torch.optim.SGD(norm.parameters(), 0.1);

        using (var context = Contexts.Of(norm, normOptimizer, [1.0, 1.0], null))
        {
            context.Gradients.PrepareForGramianAggregation();
            Assert.That(context.Gradients.UsesLayerGramian, Is.False, "a LayerNorm's parameters");
        }
        using (var context = Contexts.Of(net, optimizer, [1.0, 1.0, 1.0], null))
        {
            context.Gradients.PrepareForGramianAggregation();
            Assert.That(context.Gradients.UsesLayerGramian, Is.True, "every parameter of the net is a linear layer's");
        }
        GramianAggregationMethod.LayerGramianFromBytes = 3L * (6 * 10 + 10 + 10 * 5) * sizeof(float) + 1;
        using (var context = Contexts.Of(net, optimizer, [1.0, 1.0, 1.0], net.Body))
        {
            context.Gradients.PrepareForGramianAggregation();
            Assert.That(context.Gradients.UsesLayerGramian, Is.False, "a Jacobian one byte below the threshold");
        }
    }

    [Test]
    public void A_batch_whose_layers_would_take_more_than_half_the_Jacobian_keeps_the_Jacobian_from_then_on()
    {
        using var net = new Net(seed: 308, ScalarType.Float32);
        using var optimizer = torch.optim.SGD(net.parameters(), 0.1);
        // The body's Jacobian: 3 losses × 110 parameters × 4 bytes; 8 rows of 10 + 5 outputs take more than half of it.
        GramianAggregationMethod.LayerGramianFromBytes = 1;
        using var context = Contexts.Of(net, optimizer, [1.0, 1.0, 1.0], net.Body);
        context.Gradients.PrepareForGramianAggregation();
        var aggregation = new FixedWeights([1.0, 1.0, 1.0]);
        var (input, target) = Batch(309, ScalarType.Float32, 8);

        for (var step = 0; step < 2; step++)
        {
            using var scope = NewDisposeScope();
            var losses = net.Losses(input, target);
            context.Gradients.Backward(losses, losses[0]!.add(losses[1]!).add(losses[2]!), aggregation);
        }

        Assert.That((aggregation.FromLayers, aggregation.FromJacobian), Is.EqualTo((0, 2)));
        Assert.That(context.Gradients.UsesLayerGramian, Is.False, "given up, its hooks removed");
        input.Dispose();
        target.Dispose();
    }

    [Test]
    public void UPGrad_trains_from_the_layers_as_from_the_Jacobian_and_evaluations_between_steps_change_nothing()
    {
        using var fromLayers = new Net(seed: 306, ScalarType.Float32);
        using var fromJacobian = new Net(seed: 306, ScalarType.Float32);
        using var layersOptimizer = torch.optim.SGD(fromLayers.parameters(), 0.05);
        using var jacobianOptimizer = torch.optim.SGD(fromJacobian.parameters(), 0.05);
        using var layersContext = Contexts.Of(fromLayers, layersOptimizer, [1.0, 0.5, 2.0], fromLayers.Body);
        using var layersMethod = new UPGrad().Initialized(layersContext);
        GramianAggregationMethod.LayerGramianFromBytes = long.MaxValue;
        using var jacobianContext = Contexts.Of(fromJacobian, jacobianOptimizer, [1.0, 0.5, 2.0], fromJacobian.Body);
        using var jacobianMethod = new UPGrad().Initialized(jacobianContext);

        var live = 0L;
        for (var step = 0; step < 5; step++)
        {
            if (step == 1) live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            using var stepScope = NewDisposeScope();
            var (input, target) = Batch(307 + step, ScalarType.Float32, 16);
            foreach (var (net, optimizer, method) in new[] { (fromLayers, layersOptimizer, layersMethod), (fromJacobian, jacobianOptimizer, jacobianMethod) })
            {
                using var scope = NewDisposeScope();
                using (torch.no_grad()) net.Losses(input, target);
                optimizer.zero_grad();
                var losses = net.Losses(input, target);
                var weighted = new Tensor?[] { losses[0], losses[1]!.mul(0.5), losses[2]!.mul(2.0) };
                method.Backward(weighted, weighted[0]!.add(weighted[1]!).add(weighted[2]!));
                optimizer.step();
                Assert.That(method.FellBack, Is.False);
            }
            Assert.That(Flat(fromLayers.parameters(), gradients: false), Is.EqualTo(Flat(fromJacobian.parameters(), gradients: false)).Within(1e-5), $"step {step}");
            for (var i = 0; i < 3; i++)
            {
                using var layersWeight = layersMethod.EffectiveWeight(i);
                using var jacobianWeight = jacobianMethod.EffectiveWeight(i);
                Assert.That(TinyModel.Values(layersWeight), Is.EqualTo(TinyModel.Values(jacobianWeight)).Within(1e-4), $"weight {i}, step {step}");
            }
            input.Dispose();
            target.Dispose();
        }

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(live), "no tensor left behind by a step");
        Assert.That(layersContext.Gradients.UsesLayerGramian, Is.True);
        Assert.That(layersContext.Gradients.KeepsJacobian, Is.False, "every step took the layers' way");
        Assert.That(jacobianContext.Gradients.UsesLayerGramian, Is.False);
        Assert.That(jacobianContext.Gradients.KeepsJacobian, Is.True);
    }
}
