namespace MultiLoss.Generators.Model.Declarations;

/// <summary>A <c>[Phase(n)]</c> on the trainer class.</summary>
/// <param name="Backward">The phase's backward mode, or null to use the trainer's.</param>
/// <param name="Steps">The <c>Steps</c> argument, or null when absent.</param>
/// <param name="Until">The <c>Until</c> method name, or null.</param>
/// <param name="UntilTarget">What <see cref="Until"/> names.</param>
internal sealed record PhaseDeclaration(
    int Number,
    LocationInfo? NumberLocation,
    BackwardModeValue? Backward,
    int? Steps,
    LocationInfo? StepsLocation,
    string? Until,
    UntilTargetKind UntilTarget,
    LocationInfo? UntilLocation,
    LocationInfo? Location);

/// <summary>What the method named by <c>Until</c> is.</summary>
internal enum UntilTargetKind
{
    None,
    Valid,
    Missing,
    WrongSignature,
}

/// <summary>A <c>[Phase(n)]</c> on a loss: the loss takes part in phase <paramref name="Number"/>.</summary>
internal sealed record PhaseMembershipDeclaration(int Number, LocationInfo? Location);

/// <summary>A <c>[GateOn(threshold)]</c> on a loss.</summary>
/// <param name="On">The watched loss's method name, or null for the primary loss.</param>
internal sealed record GateDeclaration(
    double Threshold,
    LocationInfo? ThresholdLocation,
    string? On,
    LocationInfo? OnLocation,
    GateModeValue Mode,
    bool Latch,
    bool OnDevice,
    LocationInfo? Location);
