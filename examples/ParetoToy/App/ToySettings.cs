using System.Collections.Generic;
using ParetoToy.Experiments;
using ParetoToy.Trainers;

namespace ParetoToy.App;

/// <summary>What a run of the app does: which methods, how each optimises, and where the results go.</summary>
public sealed record ToySettings(IReadOnlyList<ToyMethod> Methods, ToySchedule Schedule, string OutFolder);
