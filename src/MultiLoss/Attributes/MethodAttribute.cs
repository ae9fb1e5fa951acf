using System;

namespace MultiLoss;

/// <summary>
/// Marks the trainer's member (a field or property of type <see cref="TrainingMethodAttribute"/>) that holds its method,
/// chosen when the trainer is constructed: <c>new Trainer(net, optimizer, new UPGradAttribute())</c>, as LibMTL's
/// <c>weighting=</c> argument chooses it. The trainer then declares no method attribute; its step calls whichever method
/// it is given, and what that method requires (a shared layer, a representation, hyperparameters in range) is checked
/// when the trainer first uses it (its first step, evaluation, <c>EndEpoch</c> or state call), in the words of the
/// compile-time diagnostic.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class MethodAttribute : Attribute
{
}
