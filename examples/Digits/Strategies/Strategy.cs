using Digits.Model;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>Creates a strategy's trainer for one run.</summary>
/// <param name="totalSteps">The optimisation steps the run will take, for strategies that schedule by the run's length.</param>
public delegate IDigitsTrainer TrainerFactory(DigitsNet net, optim.Optimizer optimizer, int totalSteps);

/// <summary>A way of combining the losses, backed by one trainer class.</summary>
public sealed record Strategy(string Name, string Description, TrainerFactory CreateTrainer);

/// <summary>A strategy the example will offer once the generator supports it; asking for it explains that.</summary>
public sealed record PlannedStrategy(string Name, string Description);
