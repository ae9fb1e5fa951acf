using System.Collections.Generic;

namespace ParetoToy.Experiments;

/// <summary>
/// The points a run went through: the start, every <see cref="Every"/>-th step's point, and the end point (after the
/// last step), in order.
/// </summary>
public sealed record Trajectory(IReadOnlyList<(double X1, double X2)> Points, int Every)
{
    public (double X1, double X2) Start => Points[0];

    public (double X1, double X2) End => Points[^1];
}
