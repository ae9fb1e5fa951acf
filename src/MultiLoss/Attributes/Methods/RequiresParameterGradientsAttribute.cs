using System;

namespace MultiLoss.Methods;

/// <summary>
/// On an aggregation method's attribute class: the method works only on the gradients of the shared parameters (its
/// result is not a combination of this step's gradients, e.g. it tracks gradients across steps), so <c>[AggregateAt]</c>
/// is a compile-time error with it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class RequiresParameterGradientsAttribute : Attribute
{
}
