using System;

namespace MultiLoss;

/// <summary>
/// Marks a custom forward pass: its parameters bind to the step's, and the element names of the named
/// tuple it returns (or <c>output</c> for a single tensor) are the names loss parameters bind to.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ForwardAttribute : Attribute
{
}
