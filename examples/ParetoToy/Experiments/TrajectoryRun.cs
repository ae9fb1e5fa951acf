using System;
using System.Collections.Generic;
using ParetoToy.Model;
using ParetoToy.Problem;
using ParetoToy.Trainers;
using TorchSharp;

namespace ParetoToy.Experiments;

/// <summary>
/// Optimises the point from one start with one method's generated trainer and Adam, recording its path and how many
/// steps fell back. A step that throws ends the run there: the run is reported as failed, and the others go on.
/// </summary>
public static class TrajectoryRun
{
    /// <summary>At most this many points of a path are kept (plus the end): enough for the figure.</summary>
    public const int MaxRecordedPoints = 2000;

    public static (Trajectory Trajectory, int Fallbacks, string? Failure) Run(ToyMethod method, StartingPoint start, ToySchedule schedule)
    {
        using var point = new ToyPoint(start.X1, start.X2);
        using var optimizer = torch.optim.Adam(point.parameters(), schedule.LearningRate);
        using var trainer = method.CreateTrainer(point, optimizer);
        var every = Math.Max(1, schedule.Steps / MaxRecordedPoints);
        var points = new List<(double, double)>(schedule.Steps / every + 2) { point.Position };
        var fallbacks = 0;
        for (var step = 1; step <= schedule.Steps; step++)
        {
            try
            {
                if (trainer.Train()) fallbacks++;
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                points.Add(point.Position);
                return (new Trajectory(points, every), fallbacks, $"step {step}: {error.Message}");
            }
            if (step % every == 0 || step == schedule.Steps) points.Add(point.Position);
        }
        return (new Trajectory(points, every), fallbacks, null);
    }
}
