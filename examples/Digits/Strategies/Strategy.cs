using System;
using Digits.Model;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>A way of combining the losses, backed by one trainer class.</summary>
public sealed record Strategy(string Name, string Description, Func<DigitsNet, optim.Optimizer, IDigitsTrainer> CreateTrainer);

/// <summary>A strategy the example will offer once the generator supports it; asking for it explains that.</summary>
public sealed record PlannedStrategy(string Name, string Description);
