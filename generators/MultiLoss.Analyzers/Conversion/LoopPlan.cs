using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace MultiLoss.Analyzers.Conversion;

/// <summary>The seed's strategies a hand-written loop can be recognised as.</summary>
internal enum LoopStrategy
{
    WeightedSum,
    SeparateBackward,
    ThresholdGate,
    PhasesByStepCount,
}

/// <summary>A parameter of the trainer's step: its name, and what the loop passes for it.</summary>
internal sealed record StepInput(string Name, IOperation Argument);

/// <summary>A span of a loss expression written differently in the trainer: the forward output, or data that becomes a step parameter.</summary>
internal sealed record Replacement(TextSpan Span, string Text);

/// <summary>
/// A gate on a loss: open while the loss at <see cref="WatchedIndex"/> is below <see cref="Threshold"/>; in addition
/// to it (Add) or instead (Switch). <see cref="ThresholdIsSingle"/>: the loop compares with a float constant.
/// </summary>
internal sealed record PlannedGate(double Threshold, bool ThresholdIsSingle, int WatchedIndex, bool Add);

/// <summary>A phase: its number, its length in steps (0: it never ends) and whether its losses are backpropagated one by one.</summary>
internal sealed record PlannedPhase(int Number, int Steps, bool Separate);

/// <summary>A loss of the trainer: its method name, the loop's expression for it, its weight, and where it takes part.</summary>
internal sealed record PlannedLoss(string Name, IOperation Expression, double Weight, ImmutableArray<Replacement> Replacements)
{
    /// <summary>The phases the loss is limited to; empty: every phase.</summary>
    public ImmutableArray<int> Phases { get; init; } = ImmutableArray<int>.Empty;

    public PlannedGate? Gate { get; init; }

    /// <summary>The parameters of the loss method, in the order they appear: <c>output</c> and step inputs.</summary>
    public ImmutableArray<string> Parameters { get; init; } = ImmutableArray<string>.Empty;
}

/// <summary>
/// What a convertible training loop does, and what in it the trainer takes over: the statements from
/// <see cref="FirstTrainingStatement"/> (the zero_grad) to <see cref="LastTrainingStatement"/> (the optimizer step),
/// except those in <see cref="KeptStatements"/> (data the step's inputs are computed from), become one <c>Step</c> call.
/// </summary>
internal sealed record LoopPlan(
    ILoopOperation Loop,
    IBlockOperation Body,
    int FirstTrainingStatement,
    int LastTrainingStatement,
    ImmutableArray<IOperation> KeptStatements,
    IOperation Model,
    IOperation Optimizer,
    ImmutableArray<StepInput> Inputs,
    ImmutableArray<PlannedLoss> Losses,
    LoopStrategy Strategy,
    bool Separate,
    ImmutableArray<PlannedPhase> Phases)
{
    public string StrategyDescription => Strategy switch
    {
        LoopStrategy.WeightedSum => "weighted sum",
        LoopStrategy.SeparateBackward => "separate backward",
        LoopStrategy.ThresholdGate => "threshold gate",
        _ => "phases by step count",
    };
}
