using System.Collections.Generic;
using System.Globalization;
using Digits.Strategies;

namespace Digits.Training;

/// <summary>
/// What a strategy with a gate or phases reported over some steps (an epoch, or an epoch so far): in how many the
/// reconstruction gate was open, and the phases they ran in. Strategies with neither report nothing.
/// </summary>
public sealed class StepStateTally
{
    private int steps;
    private int gateOpenSteps;
    private bool gated;
    private int? firstPhase;
    private int? phase;

    public void Add(StepLosses step)
    {
        steps++;
        if (step.ReconstructionGateOpen is { } open)
        {
            gated = true;
            if (open) gateOpenSteps++;
        }
        if (step.Phase is { } stepPhase)
        {
            firstPhase ??= stepPhase;
            phase = stepPhase;
        }
    }

    public void Clear()
    {
        steps = 0;
        gateOpenSteps = 0;
        gated = false;
        firstPhase = null;
        phase = null;
    }

    /// <summary>
    /// "phase 2" (or "phase 1 to 2" when the phase changed during these steps), "gate open 12/45", both, or "" when
    /// the steps reported neither.
    /// </summary>
    public string Format()
    {
        var parts = new List<string>(2);
        if (phase is { } last)
        {
            parts.Add(firstPhase == last
                ? string.Create(CultureInfo.InvariantCulture, $"phase {last}")
                : string.Create(CultureInfo.InvariantCulture, $"phase {firstPhase} to {last}"));
        }
        if (gated) parts.Add(string.Create(CultureInfo.InvariantCulture, $"gate open {gateOpenSteps}/{steps}"));
        return string.Join("  ", parts);
    }
}
