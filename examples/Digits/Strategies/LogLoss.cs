using System;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>
/// A loss declared as its logarithm (DB-MTL balances the losses' scales that way), and back: the report of such a
/// trainer holds log(L + <see cref="Floor"/>), and <see cref="Undo"/> gives the losses themselves again, so that they
/// compare with every other strategy's.
/// </summary>
public static class LogLoss
{
    /// <summary>Added before the logarithm, so that a loss of 0 gives a finite value (DB-MTL's reference code does the same).</summary>
    public const double Floor = 1e-8;

    public static Tensor Of(Tensor loss) => loss.add(Floor).log();

    /// <summary>The losses whose logarithms <paramref name="logLosses"/> holds; the total (the sum of the logarithms) and the rest as they are.</summary>
    public static StepLosses Undo(StepLosses logLosses) => logLosses with
    {
        Classification = Math.Exp(logLosses.Classification) - Floor,
        Reconstruction = Math.Exp(logLosses.Reconstruction) - Floor,
    };
}
