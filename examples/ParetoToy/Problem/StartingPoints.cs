using System.Collections.Generic;

namespace ParetoToy.Problem;

/// <summary>A starting point of the runs, numbered from 1 as the figure and the summary name it.</summary>
public sealed record StartingPoint(int Number, double X1, double X2);

/// <summary>The three starting points of the CAGrad paper's toy experiment.</summary>
public static class StartingPoints
{
    public static IReadOnlyList<StartingPoint> Paper { get; } =
    [
        new(1, -8.5, 7.5),
        new(2, -8.5, -5),
        new(3, 9, 9),
    ];
}
