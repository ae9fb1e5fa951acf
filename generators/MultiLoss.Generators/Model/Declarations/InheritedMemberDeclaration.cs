namespace MultiLoss.Generators.Model.Declarations;

/// <summary>A member of a base class of the trainer with a MultiLoss member attribute.</summary>
/// <param name="Attribute">The attribute as written in messages, e.g. <c>[Loss]</c>.</param>
/// <param name="DeclaringType">The base class, as <see cref="MemberOutsideTrainerDeclaration.ContainingType"/> names it.</param>
/// <param name="IsOverridden">The trainer (or a class between) overrides it, so the override, read with the trainer, is what counts.</param>
/// <param name="Location">The member's name in source, or null when the base class is in another assembly.</param>
internal sealed record InheritedMemberDeclaration(string MemberName, string Attribute, string DeclaringType, bool IsOverridden, LocationInfo? Location);
