namespace MultiLoss.Generators.Model.Declarations;

/// <summary>A field or property marked <c>[Model]</c>, <c>[Optimizer]</c>, <c>[SharedLayer]</c> or <c>[Method]</c>.</summary>
/// <param name="IsExpectedType">The type is a <c>torch.nn.Module</c> for a model or a shared layer, a <c>torch.optim.Optimizer</c> for an optimizer, a <c>MultiLoss.TrainingMethodAttribute</c> for a method.</param>
/// <param name="ForwardsTensorToTensor">The type is a <c>Module&lt;Tensor, Tensor&gt;</c>, so <c>forward(input)</c> gives <c>output</c>.</param>
/// <param name="StepNeedsArguments">An optimizer whose <c>step()</c> cannot be called without arguments (LBFGS takes a closure).</param>
internal sealed record MemberDeclaration(
    string Name,
    string TypeDisplay,
    bool IsStatic,
    bool IsReadable,
    bool IsNullable,
    bool IsExpectedType,
    bool ForwardsTensorToTensor,
    LocationInfo? Location,
    bool StepNeedsArguments = false);
