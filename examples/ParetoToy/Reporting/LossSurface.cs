using ParetoToy.Problem;
using ScottPlot;

namespace ParetoToy.Reporting;

/// <summary>The mean loss ½·(L1 + L2) on a square grid over the figure's window, for its contours.</summary>
public static class LossSurface
{
    /// <summary>The window: −11 ≤ x1, x2 ≤ 11, as the paper's figure.</summary>
    public const double HalfWidth = 11;

    public static Coordinates3d[,] MeanLoss(int resolution = 221)
    {
        var grid = new Coordinates3d[resolution, resolution];
        for (var row = 0; row < resolution; row++)
        {
            var x2 = -HalfWidth + 2 * HalfWidth * row / (resolution - 1);
            for (var column = 0; column < resolution; column++)
            {
                var x1 = -HalfWidth + 2 * HalfWidth * column / (resolution - 1);
                var (first, second) = ToyObjectivesExact.Values(x1, x2);
                grid[row, column] = new Coordinates3d(x1, x2, (first + second) / 2);
            }
        }
        return grid;
    }
}
