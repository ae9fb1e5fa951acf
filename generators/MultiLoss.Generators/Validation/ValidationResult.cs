using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Validation;

/// <summary>
/// The outcome of validating one trainer: its spec when it has no error, and every diagnostic found; when it is refused,
/// the stub that keeps the user's own declarations compiling (null where none can).
/// </summary>
internal sealed record ValidationResult(TrainerSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics, RefusedTrainerSpec? Refused = null);
