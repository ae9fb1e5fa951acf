namespace MultiLoss.CodeFixes;

/// <summary>
/// The ids of the generator's diagnostics that this assembly fixes. The generator's descriptors are internal to
/// MultiLoss.Generators, and this assembly must not reference the generator (the IDE loads both side by side), so the
/// ids are repeated here; MultiLoss.CodeFixes.Tests checks them against the generator's descriptors.
/// </summary>
internal static class DiagnosticIds
{
    /// <summary>ML0001: the <c>[MultiLossTrainer]</c> class is not partial.</summary>
    public const string TrainerNotPartial = "ML0001";

    /// <summary>ML0015: a type containing the trainer is not partial.</summary>
    public const string ContainingTypeNotPartial = "ML0015";

    /// <summary>ML0048: a <c>[Loss]</c>, <c>[Model]</c> or <c>[Optimizer]</c> member in a class without <c>[MultiLossTrainer]</c>.</summary>
    public const string AttributeOutsideTrainer = "ML0048";
}
