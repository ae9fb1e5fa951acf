using System;
using ParetoToy.Model;
using static TorchSharp.torch;

namespace ParetoToy.Trainers;

/// <summary>A method of the comparison: its command-line name, how the figure labels it, and its trainer.</summary>
public sealed record ToyMethod(string Name, string Label, Func<ToyPoint, optim.Optimizer, IToyTrainer> CreateTrainer);
