namespace MultiLoss.Generators.Model.Declarations;

/// <summary>A declaration the generator would otherwise silently ignore.</summary>
/// <param name="Member">The method the declaration is on.</param>
/// <param name="Detail">What is wrong, for the message (a return type, an attribute and why it does nothing).</param>
internal sealed record MisplacedDeclaration(MisplacedKind Kind, string Member, string Detail, LocationInfo? Location);

internal enum MisplacedKind
{
    /// <summary>A partial method the generator would have to implement, whose return type is not <c>StepResult</c>.</summary>
    StepReturnType,

    /// <summary>An attribute, or an attribute argument, that has no effect where it is.</summary>
    AttributeWithoutEffect,
}
