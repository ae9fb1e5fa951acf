using System.Collections.Generic;
using static TorchSharp.torch;

namespace MultiLoss.Runtime;

/// <summary>Collects a module's parameters once, for the <c>inputs</c> of a backward that trains only that module.</summary>
public static class ModuleParameters
{
    /// <summary>The parameters of <paramref name="module"/> (recursively), in registration order.</summary>
    public static Tensor[] Of(nn.Module module)
    {
        var parameters = new List<Tensor>();
        foreach (var parameter in module.parameters()) parameters.Add(parameter);
        return parameters.ToArray();
    }
}
