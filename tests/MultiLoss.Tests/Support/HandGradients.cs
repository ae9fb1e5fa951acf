using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>The hand loops' <c>zero_grad</c>, with PyTorch's semantics.</summary>
internal static class HandGradients
{
    /// <summary>
    /// What <c>optimizer.zero_grad()</c> does in PyTorch (<c>set_to_none=True</c>, its default since 2.0): every gradient
    /// the optimizer steps becomes none, so a parameter that gets no gradient this step is not stepped.
    /// </summary>
    public static void SetToNone(optim.Optimizer optimizer)
    {
        foreach (var parameter in optimizer.parameters()) parameter.grad = null;
    }
}
