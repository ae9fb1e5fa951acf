namespace MultiLoss.Generators;

/// <summary>Names of the pipeline steps, so tests can check what was cached.</summary>
internal static class TrackingNames
{
    public const string Declarations = nameof(Declarations);
    public const string Validated = nameof(Validated);
    public const string Specs = nameof(Specs);
    public const string Files = nameof(Files);
    public const string Refused = nameof(Refused);
    public const string Diagnostics = nameof(Diagnostics);
    public const string MembersOutsideTrainers = nameof(MembersOutsideTrainers);
    public const string InheritedMembers = nameof(InheritedMembers);
    public const string OutsideTrainerDiagnostics = nameof(OutsideTrainerDiagnostics);
}
