using System;

namespace MultiLoss;

/// <summary>Marks the module member whose parameters GradNorm balances and PCGrad projects.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class SharedLayerAttribute : Attribute
{
}
