using System;

namespace MultiLoss;

/// <summary>Marks the field or property holding the <c>torch.optim.Optimizer</c> that steps the model.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class OptimizerAttribute : Attribute
{
}
