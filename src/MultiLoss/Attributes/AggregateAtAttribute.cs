using System;

namespace MultiLoss;

/// <summary>
/// Representation mode: the trainer's gradient-aggregation method works on the losses' gradients with respect to the
/// named output of the <c>[Forward]</c> method (the shared representation the heads compute the losses from), not
/// on the gradients of the shared parameters. Each loss is back-propagated through the heads only, down to that output;
/// the aggregated gradient is then back-propagated once through the layers below it, while the heads get the gradient
/// of the weighted sum. Far cheaper than one backward pass per loss through the whole body when the heads are small.
/// </summary>
/// <remarks>
/// The output must be a <c>Tensor</c> with the batch as its first dimension. A method's coefficients are computed from
/// the gradients summed over the batch and applied to each sample's gradient (as LibMTL's <c>rep_grad</c> does), unless
/// the method works per sample (GradDrop). Methods whose attribute class has <c>[RequiresParameterGradients]</c> cannot
/// run in this mode; those with <c>[RequiresRepresentation]</c> run only in it. Both are compile-time errors.
/// </remarks>
/// <param name="output">The name of the forward output (a tuple element of the <c>[Forward]</c> method's result).</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AggregateAtAttribute(string output) : Attribute
{
    /// <summary>The name of the forward output at which the gradients are aggregated.</summary>
    public string Output { get; } = output;
}
