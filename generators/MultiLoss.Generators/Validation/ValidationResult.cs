using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Validation;

/// <summary>The outcome of validating one trainer: its spec when it has no error, and every diagnostic found.</summary>
internal sealed record ValidationResult(TrainerSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);
