using System.Linq;
using Microsoft.CodeAnalysis;

namespace MultiLoss.CodeFixes.Conversion;

/// <summary>
/// How code at a position can name TorchSharp's tensor, module and optimizer types: <c>Tensor</c> with
/// <c>using static TorchSharp.torch;</c>, <c>torch.Tensor</c> with <c>using TorchSharp;</c>, else in full.
/// </summary>
internal sealed class TorchNames
{
    private TorchNames(string tensor, string module, string optimizer)
    {
        Tensor = tensor;
        Module = module;
        Optimizer = optimizer;
    }

    public string Tensor { get; }

    public string Module { get; }

    public string Optimizer { get; }

    public static TorchNames At(SemanticModel model, int position)
    {
        var tensor = Spell(model, position, "Tensor", "TorchSharp.torch+Tensor");
        var nn = Spell(model, position, "nn", "TorchSharp.torch+nn");
        var optim = Spell(model, position, "optim", "TorchSharp.torch+optim");
        return new TorchNames(tensor, $"{nn}.Module<{tensor}, {tensor}>", $"{optim}.Optimizer");
    }

    /// <summary>The short name when it means the type there; else through <c>torch</c> when that does; else the full name.</summary>
    private static string Spell(SemanticModel model, int position, string name, string metadataName)
    {
        var type = model.Compilation.GetTypeByMetadataName(metadataName);
        if (Means(model, position, name, type)) return name;
        var torch = model.Compilation.GetTypeByMetadataName("TorchSharp.torch");
        var viaTorch = Means(model, position, "torch", torch) ? "torch." : "global::TorchSharp.torch.";
        return viaTorch + name;
    }

    private static bool Means(SemanticModel model, int position, string name, INamedTypeSymbol? type)
        => type is not null && model.LookupNamespacesAndTypes(position, name: name).Any(s => SymbolEqualityComparer.Default.Equals(s, type));
}
