namespace MultiLoss.Generators.Model.Declarations;

/// <summary>
/// The trainer's <c>[AggregateAt("output")]</c>: the forward output at which its aggregation method takes the losses'
/// gradients (null when the argument is not a constant string).
/// </summary>
/// <param name="Location">The argument, or the whole attribute without one.</param>
internal sealed record RepresentationDeclaration(string? Output, LocationInfo? Location);
