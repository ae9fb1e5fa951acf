namespace MultiFashion.Evaluation;

/// <summary>The fraction of test samples whose left item and whose right item each head classified correctly.</summary>
public readonly record struct TaskAccuracies(double Left, double Right);
