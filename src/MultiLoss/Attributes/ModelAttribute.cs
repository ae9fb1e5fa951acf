using System;

namespace MultiLoss;

/// <summary>Marks the field or property holding the <c>torch.nn.Module</c> that the trainer trains.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ModelAttribute : Attribute
{
}
