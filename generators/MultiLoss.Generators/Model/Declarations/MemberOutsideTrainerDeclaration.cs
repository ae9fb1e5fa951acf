namespace MultiLoss.Generators.Model.Declarations;

/// <summary>A <c>[Loss]</c>, <c>[Metric]</c>, <c>[Model]</c> or <c>[Optimizer]</c> member of a type without <c>[MultiLossTrainer]</c>.</summary>
/// <param name="Attribute">The attribute as written in messages, e.g. <c>[Loss]</c>.</param>
/// <param name="ContainingType">The type's full name, e.g. <c>Samples.TrainerBase</c>.</param>
/// <param name="Location">The attribute in source.</param>
internal sealed record MemberOutsideTrainerDeclaration(string MemberName, string Attribute, string ContainingType, LocationInfo? Location);
