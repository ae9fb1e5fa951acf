using System.Linq;
using Microsoft.CodeAnalysis;

namespace MultiLoss.Generators.Parsing;

/// <summary>The TorchSharp types of one compilation, resolved once per trainer.</summary>
internal sealed class TorchTypes
{
    private readonly INamedTypeSymbol? tensor;
    private readonly INamedTypeSymbol? module;
    private readonly INamedTypeSymbol? moduleOfInputOutput;
    private readonly INamedTypeSymbol? optimizer;

    public TorchTypes(Compilation compilation)
    {
        tensor = compilation.GetTypeByMetadataName(KnownNames.Tensor);
        module = compilation.GetTypeByMetadataName(KnownNames.Module);
        moduleOfInputOutput = compilation.GetTypeByMetadataName(KnownNames.ModuleOfInputOutput);
        optimizer = compilation.GetTypeByMetadataName(KnownNames.Optimizer);
    }

    public bool IsTensor(ITypeSymbol type) => tensor is not null && SymbolEqualityComparer.Default.Equals(type, tensor);

    public bool IsModule(ITypeSymbol type) => DerivesFrom(type, module);

    public bool IsOptimizer(ITypeSymbol type) => DerivesFrom(type, optimizer);

    /// <summary>True for a <c>Module&lt;Tensor, Tensor&gt;</c> (or a class derived from one).</summary>
    public bool ForwardsTensorToTensor(ITypeSymbol type)
    {
        if (moduleOfInputOutput is null) return false;
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, moduleOfInputOutput)
                && IsTensor(current.TypeArguments[0])
                && IsTensor(current.TypeArguments[1]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// True when <c>step()</c> on a <paramref name="type"/> does not compile: the most derived type that declares a
    /// <c>step</c> (an override included, as an override without the default value makes the argument required) has
    /// none whose parameters are all optional. TorchSharp's LBFGS overrides <c>step(closure = null)</c> with <c>step(closure)</c>.
    /// </summary>
    public static bool StepNeedsArguments(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            var declaresStep = false;
            foreach (var member in current.GetMembers("step"))
            {
                if (member is not IMethodSymbol { IsStatic: false, MethodKind: MethodKind.Ordinary } step) continue;
                declaresStep = true;
                if (step.Parameters.All(p => p.IsOptional || p.IsParams)) return false;
            }
            if (declaresStep) return true;
        }
        return false;
    }

    private static bool DerivesFrom(ITypeSymbol type, INamedTypeSymbol? baseType)
    {
        if (baseType is null) return false;
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType)) return true;
        }
        return false;
    }
}
