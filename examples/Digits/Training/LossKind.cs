using System;
using System.Collections.Generic;
using Digits.Strategies;

namespace Digits.Training;

/// <summary>One of the values a step reports, with the name reports use for it.</summary>
public sealed record LossKind(string Name, Func<StepLosses, double> Of)
{
    public static LossKind Classification { get; } = new("classification", l => l.Classification);
    public static LossKind Reconstruction { get; } = new("reconstruction", l => l.Reconstruction);
    public static LossKind Total { get; } = new("total", l => l.Total);

    public static IReadOnlyList<LossKind> All { get; } = [Classification, Reconstruction, Total];
}
