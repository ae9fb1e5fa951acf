using System.ComponentModel;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Runtime;

/// <summary>
/// Collects a module's parameters once: the <c>inputs</c> of a backward that trains only that module, or what
/// gradient clipping clips.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ModuleParameters
{
    /// <summary>The parameters of <paramref name="module"/> (recursively), in registration order.</summary>
    public static Parameter[] Of(nn.Module module) => [.. module.parameters()];

    /// <summary>The parameters of <paramref name="module"/> that are not parameters of <paramref name="part"/>.</summary>
    public static Parameter[] Except(nn.Module module, nn.Module part)
    {
        var excluded = part.parameters().Select(parameter => parameter.Handle).ToHashSet();
        return [.. module.parameters().Where(parameter => !excluded.Contains(parameter.Handle))];
    }
}
