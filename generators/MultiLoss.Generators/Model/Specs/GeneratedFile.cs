using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace MultiLoss.Generators.Model.Specs;

/// <summary>A trainer's spec with the hint name of its generated file.</summary>
internal sealed record GeneratedFile(TrainerSpec Spec, string HintName)
{
    /// <summary>
    /// One file per spec, named <see cref="TrainerSpec.HintName"/>. Roslyn compares hint names ignoring case, so when
    /// several trainers' names differ only in case, all but the first (in ordinal order) get a numbered suffix. A trainer
    /// that carries the attribute on two partial declarations is emitted once.
    /// </summary>
    public static ImmutableArray<GeneratedFile> ForEach(ImmutableArray<TrainerSpec> specs)
    {
        var ordered = new List<TrainerSpec>(specs);
        ordered.Sort(static (a, b) => string.CompareOrdinal(a.HintName, b.HintName));
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var files = ImmutableArray.CreateBuilder<GeneratedFile>(ordered.Count);
        var emitted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in ordered)
        {
            // [MultiLossTrainer] on two partial declarations of one class yields its spec twice; emit it once.
            if (!emitted.Add(spec.HintName)) continue;
            var hintName = spec.HintName;
            for (var suffix = 2; !taken.Add(hintName); suffix++)
            {
                hintName = spec.HintName.Replace(".MultiLoss.g.cs", "." + suffix + ".MultiLoss.g.cs");
            }
            files.Add(new GeneratedFile(spec, hintName));
        }
        return files.ToImmutable();
    }
}
