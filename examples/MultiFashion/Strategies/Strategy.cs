using MultiFashion.Model;
using static TorchSharp.torch;

namespace MultiFashion.Strategies;

/// <summary>Creates a strategy's trainer for one run.</summary>
/// <param name="totalSteps">The optimisation steps the run will take, for strategies that schedule by the run's length.</param>
public delegate IFashionTrainer TrainerFactory(MultiFashionNet net, optim.Optimizer optimizer, int totalSteps);

/// <summary>A way of training the network, backed by one trainer class.</summary>
public sealed record Strategy(string Name, string Description, TrainedTasks Tasks, TrainerFactory CreateTrainer);
