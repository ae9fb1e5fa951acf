using System;
using System.Collections.Generic;
using MultiLoss.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

/// <summary>
/// What a trainer tells its weighting or aggregation method when it first needs it (the first step, evaluation, or saved
/// or restored state): the losses, the model, the optimizer, the shared parameters, and the step's gradient engine. The
/// trainer owns it and disposes it (with the engine) when it is disposed.
/// </summary>
public sealed class MethodContext : IDisposable
{
    private readonly double[] declaredWeights;
    private GradientEngine? gradients;

    /// <summary>Describes a trainer to a method.</summary>
    /// <param name="trainer">The trainer's name, for messages.</param>
    /// <param name="model">The model the trainer trains.</param>
    /// <param name="optimizer">The trainer's optimizer: a method's learnable weights follow its options (learning rate, schedule, weight decay).</param>
    /// <param name="lossNames">The report names of the losses, in declaration order.</param>
    /// <param name="declaredWeights">Each loss's declared weight (finite, not negative), in the same order.</param>
    /// <param name="sharedLayer">The member marked <c>[SharedLayer]</c>, or null: then every parameter of the model is shared.</param>
    /// <param name="representation">The forward output named by <c>[AggregateAt]</c>, or null: then an aggregation method works on the shared parameters' gradients.</param>
    public MethodContext(
        string trainer, nn.Module model, optim.Optimizer optimizer, IReadOnlyList<string> lossNames, ReadOnlySpan<double> declaredWeights,
        nn.Module? sharedLayer = null, string? representation = null)
    {
        Trainer = trainer ?? throw new ArgumentNullException(nameof(trainer));
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        ArgumentNullException.ThrowIfNull(lossNames);
        if (declaredWeights.IsEmpty) throw new ArgumentException("At least one loss weight is needed.", nameof(declaredWeights));
        for (var i = 0; i < declaredWeights.Length; i++)
        {
            if (!double.IsFinite(declaredWeights[i]) || declaredWeights[i] < 0) throw new ArgumentException($"Weight {i} is {declaredWeights[i]}; a loss weight is finite and not negative.", nameof(declaredWeights));
        }
        if (lossNames.Count != declaredWeights.Length) throw new ArgumentException($"There are {lossNames.Count} loss names and {declaredWeights.Length} declared weights.", nameof(lossNames));
        this.declaredWeights = declaredWeights.ToArray();
        LossNames = [.. lossNames];
        SharedLayer = sharedLayer;
        Representation = representation;
        SharedParameters = ModuleParameters.Of(sharedLayer ?? model);
        foreach (var parameter in SharedParameters) SharedSize += parameter.numel();
        if (SharedParameters.Count == 0) throw new ArgumentException($"The {(sharedLayer is null ? "model" : "shared layer")} of '{trainer}' has no parameters that require a gradient.", nameof(sharedLayer));
    }

    /// <summary>The trainer's name, for messages.</summary>
    public string Trainer { get; }

    /// <summary>The number of losses K.</summary>
    public int LossCount => declaredWeights.Length;

    /// <summary>The report names of the losses, in declaration order.</summary>
    public IReadOnlyList<string> LossNames { get; }

    /// <summary>The declared weights w_i, in declaration order.</summary>
    public ReadOnlySpan<double> DeclaredWeights => declaredWeights;

    /// <summary>The model the trainer trains.</summary>
    public nn.Module Model { get; }

    /// <summary>The trainer's optimizer.</summary>
    public optim.Optimizer Optimizer { get; }

    /// <summary>The member marked <c>[SharedLayer]</c>, or null.</summary>
    public nn.Module? SharedLayer { get; }

    /// <summary>
    /// The name of the forward output at which an aggregation method aggregates the losses' gradients
    /// (<c>[AggregateAt]</c>), or null when it aggregates the gradients of <see cref="SharedParameters"/>.
    /// </summary>
    public string? Representation { get; }

    /// <summary>The parameters of the shared layer, or of the whole model without one (those that require a gradient).</summary>
    public IReadOnlyList<Parameter> SharedParameters { get; }

    /// <summary>N, the number of elements of the shared parameters: the width of the losses' gradients (the Jacobian is K×N).</summary>
    public long SharedSize { get; }

    /// <summary>Where a method creates its tensors: the device of the first shared parameter.</summary>
    public Device Device => SharedParameters[0].device;

    /// <summary>The floating-point type a method's tensors take: that of the first shared parameter.</summary>
    public ScalarType DType => SharedParameters[0].dtype;

    /// <summary>
    /// The step's gradient engine: the losses' gradients of the shared parameters (or of the representation), one per
    /// trainer, whichever of its methods uses it. Created when first used.
    /// </summary>
    internal GradientEngine Gradients => gradients ??= new GradientEngine(this);

    /// <summary>Releases the gradient engine's buffers.</summary>
    public void Dispose()
    {
        gradients?.Dispose();
        gradients = null;
    }
}
