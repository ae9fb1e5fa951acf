namespace MultiLoss.Methods;

/// <summary>How a FairGrad solve ended: the Newton steps taken, the largest relative residual of the system, and whether it met the tolerance.</summary>
public readonly record struct FairGradSolution(int Iterations, double Residual, bool Converged);
