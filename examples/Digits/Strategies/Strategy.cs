using System;
using Digits.Model;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>A way of combining the losses, backed by one trainer class; <see cref="Create"/> is null while it is only planned.</summary>
public sealed record Strategy(string Name, string Description, Func<DigitsNet, optim.Optimizer, IDigitsTrainer>? Create)
{
    public bool IsAvailable => Create is not null;

    public static Strategy Planned(string name, string description) => new(name, description, null);
}
