namespace MultiLoss.Methods.Solvers;

/// <summary>How a solver ended: the iterations it took and whether its stopping rule was met.</summary>
/// <param name="Iterations">The linear solves (or, for CAGrad's direction, the MGDA problems) it took.</param>
/// <param name="Converged">
/// True when the stopping rule was met; false when the iteration limit was reached first (the result is then the last
/// feasible iterate) or the input was not finite (the result is then NaN).
/// </param>
internal readonly record struct SolverOutcome(int Iterations, bool Converged);
