using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>The optimizers equivalence tests run under, with the tolerance each allows.</summary>
public enum OptimizerKind
{
    SgdMomentum,
    Adam,
}

internal static class Optimizers
{
    public static optim.Optimizer Create(OptimizerKind kind, nn.Module model) => kind switch
    {
        OptimizerKind.SgdMomentum => optim.SGD(model.parameters(), 0.05, momentum: 0.9),
        _ => optim.Adam(model.parameters(), 0.01),
    };

    /// <summary>1e-6 with SGD; Adam's normalisation can amplify rounding differences in near-zero gradients.</summary>
    public static double ParameterTolerance(OptimizerKind kind) => kind == OptimizerKind.SgdMomentum ? 1e-6 : 1e-4;
}
