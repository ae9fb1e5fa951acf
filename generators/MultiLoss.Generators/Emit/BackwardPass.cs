using System.Collections.Generic;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// One <c>backward()</c> call of a step: the weighted sum of <paramref name="Losses"/>, restricted to the parameters of
/// <paramref name="UpdatesMember"/> when it is set. A backward strategy is a way of splitting a phase's losses into passes.
/// </summary>
internal sealed record BackwardPass(IReadOnlyList<int> Losses, string? UpdatesMember);
