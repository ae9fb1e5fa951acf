using MultiLoss.Methods;

namespace MultiLoss;

/// <summary>
/// Smooth Tchebycheff scalarization, STCH (Lin et al. 2024): after <see cref="WarmupEpochs"/> epochs of the log loss, the
/// total is K·μ·log Σ exp(w_i·(log L_i − log z_i)/μ), with z_i loss i's mean over the last warm-up epoch; call the
/// trainer's <c>EndEpoch()</c> at the end of each epoch.
/// </summary>
[RequiresEndEpoch]
public sealed class SmoothTchebycheffAttribute : LossWeightingMethodAttribute
{
    /// <summary>The smoothing μ (default 1): small makes the total close to the largest term, large close to their mean.</summary>
    [GreaterThan(0)]
    public double Mu { get; set; } = 1.0;

    /// <summary>The epochs before the scalarization starts (default 5, LibMTL's schedule); the last one measures the reference point.</summary>
    [AtLeast(0)]
    public int WarmupEpochs { get; set; } = 5;

    /// <summary>The objectives are the log-losses (default, as LibMTL); false: the losses themselves, and the warm-up is the weighted sum.</summary>
    public bool LogLosses { get; set; } = true;

    /// <summary>The floor ε (default 1e-8) a loss is raised to before a logarithm.</summary>
    [GreaterThan(0)]
    public double Floor { get; set; } = 1e-8;

    /// <inheritdoc />
    public override LossWeightingMethod Create() => new SmoothTchebycheff(Mu, WarmupEpochs, LogLosses, Floor);
}
