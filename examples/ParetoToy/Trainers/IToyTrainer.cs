using System;

namespace ParetoToy.Trainers;

/// <summary>What a run needs from a method's generated trainer: one optimisation step of the point.</summary>
public interface IToyTrainer : IDisposable
{
    /// <summary>One step; true when the method's solver found no weights, so the step applied its fallback weights.</summary>
    bool Train();
}
