using Microsoft.CodeAnalysis;

namespace MultiLoss.Analyzers;

/// <summary>Every diagnostic of the loop analyzers. Each id has an entry in docs/loop-analyzers.md.</summary>
internal static class LoopDescriptors
{
    public const string Category = "MultiLoss";
    public const string HelpLinkBase = "https://github.com/multiloss/multiloss/blob/main/docs/loop-analyzers.md#";

    public static readonly DiagnosticDescriptor BackwardFreesSharedGraph = Create(
        "MLA0001", "Backward frees a graph that a later backward needs", DiagnosticSeverity.Warning,
        "'{0}.backward()' frees the autograd graph that the backward() on line {1} goes through again; pass retain_graph: true, or backpropagate the sum once");

    public static readonly DiagnosticDescriptor GradientsNeverZeroed = Create(
        "MLA0002", "Training loop never zeroes the gradients", DiagnosticSeverity.Warning,
        "This loop calls backward() and '{0}.step()' but never zeroes the gradients, so each step adds to the gradients of all earlier steps; call '{0}.zero_grad()' before the backward");

    public static readonly DiagnosticDescriptor StepBeforeBackward = Create(
        "MLA0003", "Optimizer steps before the backward", DiagnosticSeverity.Warning,
        "'{0}.step()' runs before any backward() of this iteration, so it applies the gradients of the previous iteration (or none); call it after the backward");

    public static readonly DiagnosticDescriptor HostReadChoosesBackward = Create(
        "MLA0004", "Loss read on the host only to choose the backward", DiagnosticSeverity.Info,
        "'{0}' copies the loss to the host every step only to choose what to backpropagate; a MultiLoss trainer with [GateOn(..., Evaluation = GateEvaluation.Device)] decides on the device without that sync");

    public static readonly DiagnosticDescriptor ConvertibleToTrainer = Create(
        "MLA0005", "Training loop can be a MultiLoss trainer", DiagnosticSeverity.Hidden,
        "This loop trains {0} losses as a {1}; it can be a [MultiLossTrainer] class whose Step does the same");

    public static readonly DiagnosticDescriptor EndEpochNeverCalled = new(
        "MLA0006", "Epoch-based method whose trainer's EndEpoch is never called",
        "'{0}' uses {1}, which sets its weights when an epoch ends, but nothing in this project calls its EndEpoch(), so they never change; call EndEpoch() on the trainer after each epoch",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mla0006",
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    private static DiagnosticDescriptor Create(string id, string title, DiagnosticSeverity severity, string message)
        => new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id.ToLowerInvariant());
}
