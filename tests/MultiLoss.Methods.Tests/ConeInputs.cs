using System;
using System.Collections.Generic;

namespace MultiLoss.Methods.Tests;

/// <summary>
/// Jacobians for the tests of MGDA, UPGrad, DualProj and CAGrad: random ones of chosen rank (as torchjd's tests sample
/// them), degenerate ones (colinear, duplicated, zero and single gradients), and a Pareto-stationary one.
/// </summary>
internal static class ConeInputs
{
    /// <summary>torchjd's matrix for its golden values: two gradients that conflict in their first coordinate.</summary>
    public static readonly double[][] TorchJdBase = [[-4.0, 1.0, 1.0], [6.0, 1.0, 1.0]];

    /// <summary>K×N rows of rank <paramref name="rank"/>: A·B with A (K×rank) and B (rank×N) standard normal.</summary>
    public static double[][] Random(int k, int n, int rank, int seed, double scale = 1.0)
    {
        var random = new Random(seed);
        var a = Normal(random, k, rank);
        var b = Normal(random, rank, n);
        var rows = new double[k][];
        for (var i = 0; i < k; i++)
        {
            rows[i] = new double[n];
            for (var j = 0; j < n; j++)
            {
                var s = 0.0;
                for (var r = 0; r < rank; r++) s += a[i][r] * b[r][j];
                rows[i][j] = scale * s;
            }
        }
        return rows;
    }

    /// <summary>Random full-rank Jacobians (K ≤ N), where every solution is unique.</summary>
    public static IEnumerable<(string Name, double[][] Rows)> Generic()
    {
        yield return ("2×3", Random(2, 3, 2, 1));
        yield return ("3×5", Random(3, 5, 3, 2));
        yield return ("4×7", Random(4, 7, 4, 3));
        yield return ("5×9", Random(5, 9, 5, 4));
        yield return ("8×20", Random(8, 20, 8, 5));
        yield return ("16×40", Random(16, 40, 16, 6));
    }

    /// <summary>Every kind of input the properties must hold on, the generic ones included.</summary>
    public static IEnumerable<(string Name, double[][] Rows)> Typical()
    {
        foreach (var generic in Generic()) yield return generic;
        yield return ("torchjd base", TorchJdBase);
        yield return ("4×3 rank 1", Random(4, 3, 1, 11));
        yield return ("4×3 rank 2", Random(4, 3, 2, 12));
        yield return ("9×11 rank 5", Random(9, 11, 5, 13));
        yield return ("16×8 more losses than parameters", Random(16, 8, 8, 14));
        yield return ("16×30 rank 3", Random(16, 30, 3, 15));
        yield return ("5×6 scaled 1e-10", Random(5, 6, 5, 16, 1e-10));
        yield return ("5×6 scaled 1e10", Random(5, 6, 5, 17, 1e10));
        yield return ("one loss", [[0.5, -2.0, 1.0]]);
        yield return ("one zero loss", [[0.0, 0.0]]);
        yield return ("all zero", [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]);
        yield return ("a zero gradient", [[1.0, 2.0, -1.0], [0.0, 0.0, 0.0], [-2.0, 0.5, 1.0]]);
        yield return ("colinear, same direction", [[1.0, -2.0, 0.5], [2.0, -4.0, 1.0]]);
        yield return ("colinear, opposite", [[1.0, -2.0, 0.5], [-1.0, 2.0, -0.5]]);
        yield return ("colinear, opposite and unequal", [[1.0, -2.0, 0.5], [-3.0, 6.0, -1.5]]);
        yield return ("duplicated", [[1.0, 0.0, 2.0], [1.0, 0.0, 2.0], [-1.0, 1.0, 0.0]]);
        yield return ("orthogonal", [[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 3.0]]);
        yield return ("Pareto-stationary", Stationary());
    }

    /// <summary>Four gradients in the plane with 0 inside their convex hull: 0 = Σw_i·g_i with every w_i &gt; 0.</summary>
    private static double[][] Stationary() => [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [-1.0, -0.5, 0.0], [-0.5, -1.0, 0.0]];

    /// <summary>The rows in the order <paramref name="order"/> gives.</summary>
    public static double[][] Permute(double[][] rows, int[] order)
    {
        var permuted = new double[rows.Length][];
        for (var i = 0; i < rows.Length; i++) permuted[i] = rows[order[i]];
        return permuted;
    }

    /// <summary>Row i times <paramref name="scales"/>[i].</summary>
    public static double[][] ScaleRows(double[][] rows, double[] scales)
    {
        var scaled = new double[rows.Length][];
        for (var i = 0; i < rows.Length; i++)
        {
            scaled[i] = new double[rows[i].Length];
            for (var j = 0; j < rows[i].Length; j++) scaled[i][j] = scales[i] * rows[i][j];
        }
        return scaled;
    }

    /// <summary>A seeded random permutation of 0 … k − 1.</summary>
    public static int[] Shuffle(int k, int seed)
    {
        var order = new int[k];
        for (var i = 0; i < k; i++) order[i] = i;
        new Random(seed).Shuffle(order);
        return order;
    }

    /// <summary>‖J‖²_F.</summary>
    public static double SquaredNorm(double[][] rows)
    {
        var s = 0.0;
        foreach (var row in rows) s += ConeOracles.Dot(row, row);
        return s;
    }

    private static double[][] Normal(Random random, int rows, int columns)
    {
        var m = new double[rows][];
        for (var i = 0; i < rows; i++)
        {
            m[i] = new double[columns];
            for (var j = 0; j < columns; j++)
            {
                var u1 = 1.0 - random.NextDouble();
                var u2 = random.NextDouble();
                m[i][j] = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
            }
        }
        return m;
    }
}
