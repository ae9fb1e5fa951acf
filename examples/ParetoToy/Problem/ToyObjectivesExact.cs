using System;

namespace ParetoToy.Problem;

/// <summary>
/// The objectives and their gradients in double precision, differentiated by hand: the reference the runs are judged
/// by (Pareto stationarity, the Pareto set) and the tests check the tensor version and the trainers against.
/// </summary>
public static class ToyObjectivesExact
{
    public static (double First, double Second) Values(double x1, double x2)
    {
        var t = Math.Tanh(x2);
        return (
            Combine(x2, Upper(t - (x1 + 7) / 2), Lower(x1 - 7, x2)),
            Combine(x2, Upper((7 - x1) / 2 - t), Lower(x1 + 7, x2)));
    }

    /// <summary>∇L1 and ∇L2 at (x1, x2), one-sided as autograd takes them: a clamp at its bound passes no gradient.</summary>
    public static (Gradient First, Gradient Second) Gradients(double x1, double x2)
    {
        var t = Math.Tanh(x2);
        var dt = 1 - t * t;
        var u1 = t - (x1 + 7) / 2;
        var u2 = (7 - x1) / 2 - t;
        // d upper/du = 1/u where |u| is above the floor, else 0; du1 = (−½, dt), du2 = (−½, −dt).
        var first = Gradient(x2, Upper(u1), Lower(x1 - 7, x2), UpperSlope(u1) * -0.5, UpperSlope(u1) * dt, x1 - 7);
        var second = Gradient(x2, Upper(u2), Lower(x1 + 7, x2), UpperSlope(u2) * -0.5, UpperSlope(u2) * -dt, x1 + 7);
        return (first, second);
    }

    private static double Upper(double u) => Math.Log(Math.Max(Math.Abs(u), ToyObjectives.LogFloor)) + 6;

    private static double UpperSlope(double u) => Math.Abs(u) > ToyObjectives.LogFloor ? 1 / u : 0;

    /// <param name="offset">x1 − 7 for L1, x1 + 7 for L2.</param>
    private static double Lower(double offset, double x2) => (offset * offset + (x2 + 8) * (x2 + 8) / 10) / 10 - 20;

    private static double Combine(double x2, double upper, double lower)
        => Math.Max(Math.Tanh(x2 / 2), 0) * upper + Math.Max(Math.Tanh(-x2 / 2), 0) * lower;

    private static Gradient Gradient(double x2, double upper, double lower, double upperDx1, double upperDx2, double offset)
    {
        var upperWeight = Math.Tanh(x2 / 2);
        var lowerWeight = -upperWeight;
        var weightSlope = (1 - upperWeight * upperWeight) / 2;   // d tanh(x2/2)/dx2
        if (upperWeight > 0)
        {
            return new Gradient(upperWeight * upperDx1, weightSlope * upper + upperWeight * upperDx2);
        }
        if (lowerWeight > 0)
        {
            return new Gradient(lowerWeight * offset / 5, -weightSlope * lower + lowerWeight * (x2 + 8) / 50);
        }
        return new Gradient(0, 0);
    }
}

/// <summary>A gradient in the (x1, x2) plane.</summary>
public readonly record struct Gradient(double X1, double X2)
{
    public double Dot(Gradient other) => X1 * other.X1 + X2 * other.X2;

    public double Norm => Math.Sqrt(Dot(this));

    public static Gradient operator *(double scale, Gradient g) => new(scale * g.X1, scale * g.X2);

    public static Gradient operator +(Gradient a, Gradient b) => new(a.X1 + b.X1, a.X2 + b.X2);
}
