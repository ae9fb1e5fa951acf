using ParetoToy.Problem;

namespace ParetoToy.Experiments;

/// <summary>
/// When a run counts as having reached the Pareto set: its end point lies within <see cref="Tolerance"/> of the set
/// (Euclidean distance in the (x1, x2) plane to the curve <see cref="ParetoSet"/> computes). With Adam at the paper's
/// learning rate a point moves about 0.001 per step, so 0.05 is some fifty steps: a run that converged there is well
/// inside it, one still on its way or stopped elsewhere is not. The residual of Pareto stationarity is reported next to it.
/// </summary>
public sealed class ParetoCriterion(ParetoSet set)
{
    public const double Tolerance = 0.05;

    public ParetoSet Set { get; } = set;

    public RunOutcome Judge((double X1, double X2) end)
    {
        var distance = Set.DistanceTo(end.X1, end.X2);
        var (first, second) = ToyObjectivesExact.Values(end.X1, end.X2);
        return new RunOutcome(end.X1, end.X2, first, second, distance, ParetoStationarity.Residual(end.X1, end.X2), distance <= Tolerance);
    }
}

/// <summary>Where a run ended: the point, both objectives there, its distance to the Pareto set, the stationarity residual, and whether it reached the set.</summary>
public sealed record RunOutcome(double X1, double X2, double First, double Second, double DistanceToParetoSet, double StationarityResidual, bool Reached);
