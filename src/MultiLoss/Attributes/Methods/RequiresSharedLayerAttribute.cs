using System;

namespace MultiLoss.Methods;

/// <summary>On a method's attribute class: the trainer must mark the shared layer with <c>[SharedLayer]</c> (a compile-time error otherwise).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class RequiresSharedLayerAttribute : Attribute
{
}
