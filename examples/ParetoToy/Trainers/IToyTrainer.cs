using System;

namespace ParetoToy.Trainers;

/// <summary>What a run needs from a method's generated trainer: one optimisation step of the point.</summary>
public interface IToyTrainer : IDisposable
{
    void Train();
}
