using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace MultiLoss.Benchmarks;

/// <summary>
/// The seed's hand-written steps, written the idiomatic TorchSharp way: a dispose scope per step, weights as
/// <c>double</c>s multiplied into the losses (<c>w * loss</c>), the gate read with <c>item&lt;float&gt;()</c>, and
/// PyTorch's <c>zero_grad</c> semantics (gradients set to none, as the generated steps do).
/// </summary>
/// <remarks>
/// Every step is <c>NoInlining</c>, like the generated <c>Step</c>s (see Trainers.cs): .NET 10 can inline a method
/// with a <c>using</c>, and how much of TorchSharp then gets inlined and stack-allocated depends on the caller, so the
/// same step measured from two call sites differed by 40–104 B. Compiled on its own, a step allocates the same bytes
/// wherever it is called from (the benchmark, the cleanup's measurement, the warm-up).
/// </remarks>
public static class HandLoops
{
    private const double W1 = Losses.ClassificationWeight;
    private const double W2 = Losses.RegressionWeight;

    /// <summary>PyTorch's <c>optimizer.zero_grad()</c>: every gradient set to none (TorchSharp's fills them with zeros).</summary>
    private static void SetGradientsToNone(optim.Optimizer optimizer)
    {
        foreach (var parameter in optimizer.parameters()) parameter.grad = null;
    }

    /// <summary>The baseline every glue number subtracts: gradients set to none, forward, one loss, backward, optimizer step.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Bare(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Batch batch)
    {
        using var scope = NewDisposeScope();
        SetGradientsToNone(optimizer);
        var output = model.forward(batch.Input);
        var loss = Losses.Classification(output, batch.Target);
        loss.backward();
        optimizer.step();
    }

    /// <summary>(w1·L1 + w2·L2).backward().</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Weighted(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Batch batch)
    {
        using var scope = NewDisposeScope();
        SetGradientsToNone(optimizer);
        var output = model.forward(batch.Input);
        var classification = Losses.Classification(output, batch.Target);
        var regression = Losses.Regression(output, batch.OneHot);
        var total = W1 * classification + W2 * regression;
        total.backward();
        optimizer.step();
    }

    /// <summary>(w1·L1).backward(retain_graph: true); (w2·L2).backward().</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Separate(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Batch batch)
    {
        using var scope = NewDisposeScope();
        SetGradientsToNone(optimizer);
        var output = model.forward(batch.Input);
        var classification = Losses.Classification(output, batch.Target);
        var regression = Losses.Regression(output, batch.OneHot);
        (W1 * classification).backward(retain_graph: true);
        (W2 * regression).backward();
        optimizer.step();
    }

    /// <summary>The seed's gate: compute L1; if L1 &lt; threshold backprop w2·L2 only, else w1·L1 only. Returns whether it opened.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool Gated(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Batch batch)
    {
        using var scope = NewDisposeScope();
        SetGradientsToNone(optimizer);
        var output = model.forward(batch.Input);
        var classification = Losses.Classification(output, batch.Target);
        var open = classification.item<float>() < Losses.GateThreshold;
        if (open)
        {
            var regression = Losses.Regression(output, batch.OneHot);
            (W2 * regression).backward();
        }
        else
        {
            (W1 * classification).backward();
        }
        optimizer.step();
        return open;
    }
}

/// <summary>The seed's phased loop: a step counter, phase 1 a weighted sum, then phase 2 separate backwards.</summary>
public sealed class HandPhased
{
    private int phase = 1;
    private int stepsInPhase;

    /// <summary>Moves to phase 2 (what the generated trainer's <c>Phase = 2</c> does).</summary>
    public void EnterPhaseTwo()
    {
        phase = 2;
        stepsInPhase = 0;
    }

    public void Step(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Batch batch)
    {
        if (phase == 1)
        {
            HandLoops.Weighted(model, optimizer, batch);
            if (++stepsInPhase == Losses.PhaseOneSteps) EnterPhaseTwo();
        }
        else
        {
            HandLoops.Separate(model, optimizer, batch);
        }
    }
}
