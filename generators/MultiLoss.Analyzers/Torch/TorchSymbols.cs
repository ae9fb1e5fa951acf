using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace MultiLoss.Analyzers.Torch;

/// <summary>
/// The TorchSharp types and methods the loop analyzers look for, resolved once per compilation; every check is a
/// symbol comparison. Null from <see cref="Resolve"/> when the compilation does not reference TorchSharp.
/// </summary>
internal sealed class TorchSymbols
{
    private readonly IAssemblySymbol torchAssembly;
    private readonly INamedTypeSymbol tensor;
    private readonly INamedTypeSymbol module;
    private readonly INamedTypeSymbol? moduleOfInputOutput;
    private readonly INamedTypeSymbol optimizer;
    private readonly INamedTypeSymbol? parameter;
    private readonly INamedTypeSymbol? trainingMethod;
    private readonly ImmutableArray<IMethodSymbol> backward;
    private readonly ImmutableArray<IMethodSymbol> optimizerStep;
    private readonly ImmutableArray<IMethodSymbol> zeroGrad;
    private readonly ImmutableArray<IMethodSymbol> hostReads;
    private readonly ImmutableArray<IMethodSymbol> detach;
    private readonly ImmutableArray<IMethodSymbol> requiresGrad;
    private readonly ImmutableArray<IMethodSymbol> zeroInPlace;
    private readonly ImmutableArray<IMethodSymbol> forward;
    private readonly IPropertySymbol? grad;

    private TorchSymbols(
        INamedTypeSymbol tensor, INamedTypeSymbol module, INamedTypeSymbol? moduleOfInputOutput, INamedTypeSymbol optimizer,
        INamedTypeSymbol? parameter, INamedTypeSymbol? tensorExtensions, INamedTypeSymbol? trainingMethod)
    {
        this.trainingMethod = trainingMethod;
        torchAssembly = tensor.ContainingAssembly;
        this.tensor = tensor;
        this.module = module;
        this.moduleOfInputOutput = moduleOfInputOutput;
        this.optimizer = optimizer;
        this.parameter = parameter;
        backward = Methods(tensor, "backward");
        optimizerStep = Methods(optimizer, "step");
        zeroGrad = Methods(optimizer, "zero_grad").AddRange(Methods(module, "zero_grad"));
        hostReads = Methods(tensor, "item").AddRange(Methods(tensor, "data"))
            .AddRange(tensorExtensions is null ? ImmutableArray<IMethodSymbol>.Empty : Methods(tensorExtensions, "ToSingle").AddRange(Methods(tensorExtensions, "ToDouble")));
        detach = Methods(tensor, "detach").AddRange(Methods(tensor, "detach_"));
        requiresGrad = Methods(tensor, "requires_grad_");
        zeroInPlace = Methods(tensor, "zero_");
        forward = moduleOfInputOutput is null ? ImmutableArray<IMethodSymbol>.Empty : Methods(moduleOfInputOutput, "forward").AddRange(Methods(moduleOfInputOutput, "call"));
        grad = tensor.GetMembers("grad").OfType<IPropertySymbol>().FirstOrDefault();
    }

    public static TorchSymbols? Resolve(Compilation compilation)
    {
        var tensor = compilation.GetTypeByMetadataName("TorchSharp.torch+Tensor");
        var module = compilation.GetTypeByMetadataName("TorchSharp.torch+nn+Module");
        var optimizer = compilation.GetTypeByMetadataName("TorchSharp.torch+optim+Optimizer");
        if (tensor is null || module is null || optimizer is null) return null;
        return new TorchSymbols(
            tensor, module,
            compilation.GetTypeByMetadataName("TorchSharp.torch+nn+Module`2"),
            optimizer,
            compilation.GetTypeByMetadataName("TorchSharp.Modules.Parameter"),
            compilation.GetTypeByMetadataName("TorchSharp.TensorExtensionMethods"),
            compilation.GetTypeByMetadataName("MultiLoss.Methods.TrainingMethod"));
    }

    public bool IsTensor(ITypeSymbol? type) => DerivesFrom(type, tensor);

    public bool IsModule(ITypeSymbol? type) => DerivesFrom(type, module);

    public bool IsOptimizer(ITypeSymbol? type) => DerivesFrom(type, optimizer);

    /// <summary>A MultiLoss weighting or aggregation method: like a module, it computes with weights of its own, a new graph per call.</summary>
    public bool IsTrainingMethod(ITypeSymbol? type) => trainingMethod is not null && DerivesFrom(type, trainingMethod);

    /// <summary>A <c>Parameter</c>, or a collection of them (<c>model.parameters()</c>).</summary>
    public bool IsParameters(ITypeSymbol? type)
    {
        if (parameter is null || type is null) return false;
        if (DerivesFrom(type, parameter)) return true;
        if (type is IArrayTypeSymbol array) return DerivesFrom(array.ElementType, parameter);
        return type is INamedTypeSymbol { TypeArguments.Length: 1 } named && DerivesFrom(named.TypeArguments[0], parameter);
    }

    /// <summary>True for an <c>nn.Module&lt;Tensor, Tensor&gt;</c>, or a class derived from one.</summary>
    public bool ForwardsTensorToTensor(ITypeSymbol? type)
    {
        if (moduleOfInputOutput is null) return false;
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, moduleOfInputOutput)
                && SymbolEqualityComparer.Default.Equals(current.TypeArguments[0], tensor)
                && SymbolEqualityComparer.Default.Equals(current.TypeArguments[1], tensor))
            {
                return true;
            }
        }
        return false;
    }

    public bool IsFromTorchSharp(IMethodSymbol method) => SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, torchAssembly);

    public bool IsBackward(IMethodSymbol method) => Contains(backward, method);

    /// <summary><c>Optimizer.step</c> or an override of it (not a learning-rate scheduler's <c>step</c>).</summary>
    public bool IsOptimizerStep(IMethodSymbol method) => Overrides(method, optimizerStep);

    /// <summary><c>zero_grad</c> of an optimizer or a module, or an override of it.</summary>
    public bool IsZeroGrad(IMethodSymbol method) => Overrides(method, zeroGrad);

    /// <summary><c>item&lt;T&gt;()</c>, <c>data&lt;T&gt;()</c>, <c>ToSingle()</c>, <c>ToDouble()</c>: a copy to the host.</summary>
    public bool IsHostRead(IMethodSymbol method) => Contains(hostReads, method);

    public bool IsDetach(IMethodSymbol method) => Contains(detach, method);

    /// <summary><c>forward</c> or <c>call</c> of an <c>nn.Module&lt;T, TResult&gt;</c>, or an override of its forward.</summary>
    public bool IsForward(IMethodSymbol method) => Overrides(method, forward);

    public bool IsRequiresGrad(IMethodSymbol method) => Contains(requiresGrad, method);

    public bool IsZeroInPlace(IMethodSymbol method) => Contains(zeroInPlace, method);

    public bool IsGrad(IPropertySymbol property) => grad is not null && SymbolEqualityComparer.Default.Equals(property.OriginalDefinition, grad);

    private static ImmutableArray<IMethodSymbol> Methods(INamedTypeSymbol type, string name)
        => type.GetMembers(name).OfType<IMethodSymbol>().ToImmutableArray();

    private static bool Contains(ImmutableArray<IMethodSymbol> methods, IMethodSymbol method)
    {
        var definition = (method.ReducedFrom ?? method).OriginalDefinition;
        foreach (var candidate in methods)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate, definition)) return true;
        }
        return false;
    }

    private static bool Overrides(IMethodSymbol method, ImmutableArray<IMethodSymbol> bases)
    {
        for (var current = method.OriginalDefinition; current is not null; current = current.OverriddenMethod?.OriginalDefinition)
        {
            if (Contains(bases, current)) return true;
        }
        return false;
    }

    private static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol baseType)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType)) return true;
        }
        return false;
    }
}
