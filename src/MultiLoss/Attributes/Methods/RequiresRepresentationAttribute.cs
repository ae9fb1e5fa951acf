using System;

namespace MultiLoss.Methods;

/// <summary>
/// On an aggregation method's attribute class: the method works only on the gradients of a representation, so the
/// trainer must declare <c>[AggregateAt]</c> (a compile-time error otherwise). GradDrop masks each element of the
/// representation's gradient.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class RequiresRepresentationAttribute : Attribute
{
}
