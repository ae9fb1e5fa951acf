using System;
using System.Collections.Generic;
using System.ComponentModel;
using MultiLoss.Methods;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Runtime;

/// <summary>
/// The method of a trainer that takes it at construction (a <c>[Method]</c> member): a loss-weighting or a
/// gradient-aggregation method, driven through the same calls a trainer that names the method makes, in the same order
/// and with the same tensors, so that both train alike. The generated step calls it at fixed points.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class OpenMethod : IDisposable
{
    private readonly TrainingMethod method;
    private readonly LossWeightingMethod? weighting;
    private readonly GradientAggregationMethod? aggregation;
    private readonly double[] weights;
    private readonly Scalar[] declaredWeights;
    private readonly Tensor?[] weightedLosses;
    private bool disposed;

    private OpenMethod(TrainingMethod method, MethodContext context, bool needsLossesAfterStep)
    {
        this.method = method;
        weighting = method as LossWeightingMethod;
        aggregation = method as GradientAggregationMethod;
        NeedsLossesAfterStep = needsLossesAfterStep;
        weights = context.DeclaredWeights.ToArray();
        declaredWeights = Array.ConvertAll(weights, weight => (Scalar)weight);
        weightedLosses = new Tensor?[weights.Length];
    }

    /// <summary>
    /// The method of <paramref name="attribute"/>, checked against the trainer (<see cref="MethodRequirements"/>), created
    /// and initialized with <paramref name="context"/>.
    /// </summary>
    /// <param name="attribute">The value of the trainer's <c>[Method]</c> member.</param>
    /// <param name="context">The trainer's context, as a trainer that names the method gives it.</param>
    /// <param name="member">The trainer's <c>[Method]</c> member, named in the errors.</param>
    /// <exception cref="InvalidOperationException">The member holds no method.</exception>
    /// <exception cref="ArgumentException">The method needs what the trainer does not declare, or a hyperparameter is out of range.</exception>
    public static OpenMethod Bind(TrainingMethodAttribute? attribute, MethodContext context, string member)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (attribute is null)
        {
            throw new InvalidOperationException(
                $"The trainer '{context.Trainer}' takes its method from '{member}', which is null: assign a method's attribute to it when constructing the trainer, e.g. new UPGradAttribute().");
        }
        MethodRequirements.Check(attribute, context, member);
        var method = TrainingMethod.Created(attribute.Create(), context.Trainer, MethodRequirements.DisplayName(attribute));
        try
        {
            method.Initialize(context);
            return new OpenMethod(method, context, attribute.GetType().IsDefined(typeof(RequiresLossesAfterStepAttribute), inherit: true));
        }
        catch
        {
            method.Dispose();
            throw;
        }
    }

    /// <summary>True when the method learns from the losses computed again after the optimizer step (<see cref="AfterStep"/>).</summary>
    public bool NeedsLossesAfterStep { get; }

    /// <summary>True when the latest aggregation applied the method's fallback weights (always false for a weighting method).</summary>
    public bool FellBack => aggregation?.FellBack ?? false;

    /// <summary>
    /// The step's total: a weighting method's <c>Combine</c>; for an aggregation, Σ w_i·L_i with the declared weights,
    /// the w_i·L_i kept for <see cref="Backward"/> while gradients are on (a step, not an evaluation).
    /// </summary>
    public Tensor Total(ReadOnlySpan<Tensor?> losses)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var keepForBackward = torch.is_grad_enabled();
        if (weighting is not null) return weighting.TotalOf(losses);
        if (losses.IsEmpty) throw new ArgumentException("There are no losses.", nameof(losses));
        var total = new LossSum();
        for (var i = 0; i < losses.Length; i++)
        {
            var loss = losses[i] ?? throw new ArgumentException($"Loss {i} is missing: a trainer with an open method computes every loss every step.", nameof(losses));
            if (keepForBackward) weightedLosses[i] = weights[i] == 1.0 ? loss : loss.mul(declaredWeights[i]);
            // As a trainer that names the method sums them: the first term times its weight, the others added with theirs.
            total.Add(loss, declaredWeights[i]);
        }
        return total.Total;
    }

    /// <summary>In the step's recording: a weighting method's effective weights, from slot <paramref name="firstSlot"/> on.</summary>
    public void RecordWeights(StepValues.Writer record, int firstSlot)
    {
        if (weighting is null) return;
        for (var i = 0; i < weightedLosses.Length; i++) record.Set(firstSlot + i, weighting.EffectiveWeight(i));
    }

    /// <summary>After the recording: a weighting method's per-step statistics.</summary>
    public void Observe(ReadOnlySpan<Tensor?> losses) => weighting?.Observe(losses);

    /// <summary>
    /// The backward pass: a weighting method's <c>BeforeBackward</c> and the total's backward; an aggregation's
    /// <c>Backward</c> (or <c>BackwardAt</c> the <paramref name="representation"/>) of the weighted losses.
    /// </summary>
    /// <exception cref="AggregationSolverException">The losses' gradients are not finite.</exception>
    public void Backward(ReadOnlySpan<Tensor?> losses, Tensor total, Tensor? representation)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(total);
        if (weighting is not null)
        {
            weighting.BeforeBackward(losses);
            total.backward();
            return;
        }
        try
        {
            if (representation is null) aggregation!.Backward(weightedLosses, total);
            else aggregation!.BackwardAt(representation, weightedLosses, total);
        }
        finally
        {
            Array.Clear(weightedLosses);
        }
    }

    /// <summary>After the backward pass: an aggregation's effective weights, from slot <paramref name="firstSlot"/> on.</summary>
    public void RecordWeightsAfterBackward(StepValues values, int firstSlot)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (aggregation is null) return;
        using var record = values.Amend();
        for (var i = 0; i < weightedLosses.Length; i++) record.Set(firstSlot + i, aggregation.EffectiveWeight(i));
    }

    /// <summary>With the optimizer's gradients: the method's learnable weights' gradients set to none.</summary>
    public void SetGradientsToNone() => method.SetGradientsToNone();

    /// <summary>Right after the optimizer's step.</summary>
    public void AfterOptimizerStep() => method.AfterOptimizerStep();

    /// <summary>The losses computed again after the optimizer step, for a method that <see cref="NeedsLossesAfterStep"/>.</summary>
    public void AfterStep(ReadOnlySpan<Tensor?> lossesAfterStep) => method.AfterStep(lossesAfterStep);

    /// <summary>Ends an epoch.</summary>
    public void EndEpoch() => method.EndEpoch();

    /// <summary>Writes the method's state under the prefix a trainer that names the method uses, so the states match.</summary>
    public void SaveState(Dictionary<string, double[]> values, Dictionary<string, byte[]> blobs)
        => method.SaveState(new MethodState(Prefix, values, blobs));

    /// <summary>Restores a state written by <see cref="SaveState"/>.</summary>
    public void RestoreState(TrainerState state) => method.RestoreState(new MethodState(Prefix, state));

    private string Prefix => weighting is not null ? "Weighting." : "Aggregation.";

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        method.Dispose();
        foreach (var weight in declaredWeights) weight.Dispose();
    }
}
