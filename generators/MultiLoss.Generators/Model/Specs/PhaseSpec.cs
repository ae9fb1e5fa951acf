namespace MultiLoss.Generators.Model.Specs;

/// <summary>One training phase: how it backpropagates, which losses take part, and when it ends.</summary>
/// <param name="LossOrder">Indices of the losses taking part, in the order they are computed (a watched loss before its gate).</param>
/// <param name="EndAfterSteps">The phase ends after this many steps; 0 when it does not end by count.</param>
/// <param name="EndWhen">A parameterless bool method; the phase ends after a step where it returns true.</param>
internal sealed record PhaseSpec(
    int Number,
    BackwardModeValue Backward,
    EquatableArray<int> LossOrder,
    int EndAfterSteps,
    string? EndWhen);
