using System;

namespace MultiLoss.Methods;

/// <summary>
/// On a method's attribute class: the method works per epoch (it sets its weights when an epoch ends), so the trainer's
/// <c>EndEpoch()</c> must be called after each epoch; a project that steps such a trainer and never calls it gets the
/// warning MLA0006.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class RequiresEndEpochAttribute : Attribute
{
}
