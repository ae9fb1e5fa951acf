using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Runtime;

/// <summary>
/// Collects a module's parameters once: the <c>inputs</c> of a backward that trains only that module, or what
/// gradient clipping clips.
/// </summary>
public static class ModuleParameters
{
    /// <summary>The parameters of <paramref name="module"/> (recursively), in registration order.</summary>
    public static Parameter[] Of(nn.Module module)
    {
        var parameters = new List<Parameter>();
        foreach (var parameter in module.parameters()) parameters.Add(parameter);
        return parameters.ToArray();
    }

    /// <summary>The parameters of <paramref name="module"/> that are not parameters of <paramref name="part"/>.</summary>
    public static Parameter[] Except(nn.Module module, nn.Module part)
    {
        var excluded = new HashSet<System.IntPtr>();
        foreach (var parameter in part.parameters()) excluded.Add(parameter.Handle);
        var parameters = new List<Parameter>();
        foreach (var parameter in module.parameters())
        {
            if (!excluded.Contains(parameter.Handle)) parameters.Add(parameter);
        }
        return parameters.ToArray();
    }
}
