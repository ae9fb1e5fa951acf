using System;
using System.Collections.Generic;

namespace Digits.Strategies;

/// <summary>Where a report type keeps each value <see cref="StepLosses"/> needs: an index of its values, or −1 when it has none.</summary>
internal sealed record LossValueIndices(
    int Classification, int Reconstruction, int Total, int ClassificationWeight, int ReconstructionWeight, int ReconstructionGateOpen, int Phase)
{
    public static LossValueIndices Of(IReadOnlyList<string> names)
    {
        var classificationWeight = IndexOf(names, "ClassificationWeight");
        var reconstructionWeight = IndexOf(names, "ReconstructionWeight");
        if ((classificationWeight < 0) != (reconstructionWeight < 0))
        {
            throw new ArgumentException($"a report weights both losses or neither; it has [{string.Join(", ", names)}]", nameof(names));
        }
        return new LossValueIndices(
            Required(names, "Classification"), Required(names, "Reconstruction"), Required(names, "Total"),
            classificationWeight, reconstructionWeight, IndexOf(names, "ReconstructionGateOpen"), IndexOf(names, "Phase"));
    }

    private static int Required(IReadOnlyList<string> names, string name)
    {
        var index = IndexOf(names, name);
        return index >= 0 ? index : throw new ArgumentException($"the report has no value '{name}'; it has [{string.Join(", ", names)}]", nameof(names));
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name) return i;
        }
        return -1;
    }
}
