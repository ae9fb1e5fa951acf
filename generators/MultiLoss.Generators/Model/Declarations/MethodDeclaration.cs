namespace MultiLoss.Generators.Model.Declarations;

/// <summary>Whether a method weighs the losses or aggregates their gradients.</summary>
internal enum MethodRole
{
    Weighting,
    Aggregation,
}

/// <summary>How a hyperparameter's value is bounded (from <c>[GreaterThan]</c>, <c>[AtLeast]</c>, <c>[LessThan]</c>, <c>[AtMost]</c>).</summary>
internal enum BoundKind
{
    GreaterThan,
    AtLeast,
    LessThan,
    AtMost,
}

/// <summary>One bound on a hyperparameter.</summary>
internal readonly record struct HyperparameterBound(BoundKind Kind, double Bound);

/// <summary>A hyperparameter written on the trainer: its name, its value as a number (null when it is not one), its bounds.</summary>
internal sealed record HyperparameterDeclaration(
    string Name,
    double? Value,
    EquatableArray<HyperparameterBound> Bounds,
    LocationInfo? Location);

/// <summary>
/// A weighting or aggregation method declared on the trainer, by its attribute (or by the trainer attribute's older
/// <c>Weighting</c>/<c>Aggregation</c> spelling, read as the same attribute).
/// </summary>
/// <param name="Name">The method's name, e.g. <c>GradNorm</c>, for comments in the generated code.</param>
/// <param name="DisplayName">The declaration as written, e.g. <c>[GradNorm]</c> or <c>LossWeighting.GradNorm</c>, for messages.</param>
/// <param name="CreateExpression">C# that creates the method: the attribute with the same arguments, then <c>Create()</c>.</param>
/// <param name="RequiresRepresentation">From <c>[RequiresRepresentation]</c>: only with <c>[AggregateAt]</c>.</param>
/// <param name="RequiresParameterGradients">From <c>[RequiresParameterGradients]</c>: never with <c>[AggregateAt]</c>.</param>
/// <param name="MinimumLossCount">From <c>[RequiresLossCount]</c>; 0 without it.</param>
internal sealed record MethodDeclaration(
    MethodRole Role,
    string Name,
    string DisplayName,
    string CreateExpression,
    bool RequiresSharedLayer,
    bool RequiresEveryLossEveryStep,
    bool RequiresLossesAfterStep,
    bool RequiresRepresentation,
    bool RequiresParameterGradients,
    int MinimumLossCount,
    EquatableArray<HyperparameterDeclaration> Hyperparameters,
    LocationInfo? Location);
