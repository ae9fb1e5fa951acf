namespace MultiLoss.Generators.Model.Specs;

/// <summary>
/// The forward pass: either <c>model.forward(arg)</c> bound to <c>output</c>, or a call of the user's
/// <c>[Forward]</c> method whose result is deconstructed into <see cref="Outputs"/>.
/// </summary>
/// <param name="MethodName">The <c>[Forward]</c> method, or null for the model's own <c>forward</c>.</param>
/// <param name="Arguments">The step parameters passed, in order.</param>
/// <param name="Outputs">The locals the result is bound to.</param>
/// <param name="IsTuple">The result is a tuple to deconstruct, rather than one tensor.</param>
internal sealed record ForwardSpec(
    string? MethodName,
    EquatableArray<string> Arguments,
    EquatableArray<string> Outputs,
    bool IsTuple);
