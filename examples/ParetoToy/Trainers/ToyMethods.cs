using System;
using System.Collections.Generic;
using System.Linq;
using MultiLoss;

namespace ParetoToy.Trainers;

/// <summary>The methods the toy compares, in the figure's order: the paper's four first, then the other aggregations.</summary>
public static class ToyMethods
{
    public const string AllName = "all";

    public static IReadOnlyList<ToyMethod> All { get; } =
    [
        new("mean", "mean loss", (point, optimizer) => new MeanTrainer(point, optimizer)),
        new("mgda", "MGDA", (point, optimizer) => new AggregationTrainer(point, optimizer, new MgdaAttribute())),
        new("pcgrad", "PCGrad", (point, optimizer) => new PCGradTrainer(point, optimizer)),
        new("cagrad", "CAGrad (c = 0.5)", (point, optimizer) => new AggregationTrainer(point, optimizer, new CAGradAttribute { C = 0.5, Rescale = CAGradRescale.OnePlusC })),
        new("nashmtl", "Nash-MTL", (point, optimizer) => new AggregationTrainer(point, optimizer, new NashMtlAttribute())),
        new("upgrad", "UPGrad", (point, optimizer) => new AggregationTrainer(point, optimizer, new UPGradAttribute())),
        new("imtlg", "IMTL-G", (point, optimizer) => new AggregationTrainer(point, optimizer, new ImtlGAttribute())),
        new("alignedmtl", "Aligned-MTL", (point, optimizer) => new AggregationTrainer(point, optimizer, new AlignedMtlAttribute())),
        new("config", "ConFIG", (point, optimizer) => new AggregationTrainer(point, optimizer, new ConFigAttribute())),
    ];

    /// <summary>
    /// The methods a comma-separated list names (or every one for <see cref="AllName"/>), in the figure's order; false
    /// with a message naming the first unknown name otherwise.
    /// </summary>
    public static bool TryResolve(string names, out IReadOnlyList<ToyMethod> methods, out string problem)
    {
        methods = [];
        problem = "";
        var requested = names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (requested.Contains(AllName, StringComparer.OrdinalIgnoreCase))
        {
            methods = All;
            return true;
        }
        var unknown = requested.FirstOrDefault(name => !All.Any(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)));
        if (requested.Length == 0 || unknown is not null)
        {
            problem = $"unknown method '{unknown ?? names}'; choose from {string.Join(", ", All.Select(m => m.Name))} or '{AllName}'";
            return false;
        }
        methods = All.Where(m => requested.Contains(m.Name, StringComparer.OrdinalIgnoreCase)).ToArray();
        return true;
    }
}
