using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Declarations;

namespace MultiLoss.Generators.Parsing;

/// <summary>
/// Reads the weighting and aggregation methods declared on a trainer: each attribute deriving from
/// <c>LossWeightingMethodAttribute</c> or <c>GradientAggregationMethodAttribute</c>, and the trainer attribute's older
/// <c>Weighting</c>/<c>Aggregation</c> spelling, read as the built-in attribute it stands for.
/// </summary>
internal static class MethodParser
{
    private const string WeightingBase = "MultiLoss.LossWeightingMethodAttribute";
    private const string AggregationBase = "MultiLoss.GradientAggregationMethodAttribute";
    private const string RequiresSharedLayer = "MultiLoss.Methods.RequiresSharedLayerAttribute";
    private const string RequiresEveryLossEveryStep = "MultiLoss.Methods.RequiresEveryLossEveryStepAttribute";
    private const string RequiresLossCount = "MultiLoss.Methods.RequiresLossCountAttribute";
    private const string RequiresLossesAfterStep = "MultiLoss.Methods.RequiresLossesAfterStepAttribute";
    private const string RequiresRepresentation = "MultiLoss.Methods.RequiresRepresentationAttribute";
    private const string RequiresParameterGradients = "MultiLoss.Methods.RequiresParameterGradientsAttribute";

    /// <summary>The older spelling's enum values, by the built-in attribute each stands for (index = the enum value).</summary>
    private static readonly string?[] LegacyWeightings = [null, "MultiLoss.UncertaintyWeightingAttribute", "MultiLoss.DynamicWeightAverageAttribute", "MultiLoss.GradNormAttribute"];
    private static readonly string?[] LegacyAggregations = [null, "MultiLoss.PCGradAttribute"];

    public static EquatableArray<MethodDeclaration> Read(INamedTypeSymbol trainer, AttributeData trainerAttribute, Compilation compilation)
    {
        var methods = ImmutableArray.CreateBuilder<MethodDeclaration>();
        ReadLegacy(trainerAttribute, compilation, methods);
        foreach (var attribute in trainer.GetAttributes())
        {
            if (attribute.AttributeClass is not { } type || RoleOf(type) is not { } role) continue;
            var arguments = new List<Argument>();
            var constructor = attribute.AttributeConstructor;
            for (var i = 0; i < attribute.ConstructorArguments.Length; i++)
            {
                var parameter = constructor is not null && i < constructor.Parameters.Length ? constructor.Parameters[i] : null;
                var name = parameter?.Name ?? "argument " + i;
                arguments.Add(new Argument(name, attribute.ConstructorArguments[i], parameter, AttributeArguments.ConstructorLocation(attribute, i), name));
            }
            var constructorCount = arguments.Count;
            foreach (var named in attribute.NamedArguments)
            {
                arguments.Add(new Argument(named.Key, named.Value, FindMember(type, named.Key), AttributeArguments.NamedLocation(attribute, named.Key), named.Key));
            }
            var location = AttributeArguments.Whole(attribute);
            methods.Add(Describe(type, role, "[" + ShortName(type) + "]", arguments, constructorCount, location));
        }
        return methods.ToEquatableArray();
    }

    private static void ReadLegacy(AttributeData trainerAttribute, Compilation compilation, ImmutableArray<MethodDeclaration>.Builder methods)
    {
        if (AttributeArguments.Named(trainerAttribute, "Weighting") is int weighting && weighting > 0 && weighting < LegacyWeightings.Length
            && compilation.GetTypeByMetadataName(LegacyWeightings[weighting]!) is { } weightingType)
        {
            var arguments = new List<Argument>();
            AddLegacyHyperparameter(trainerAttribute, weightingType, "DwaTemperature", "Temperature", "MultiLoss.DynamicWeightAverageAttribute", arguments);
            AddLegacyHyperparameter(trainerAttribute, weightingType, "GradNormAlpha", "Alpha", "MultiLoss.GradNormAttribute", arguments);
            methods.Add(Describe(weightingType, MethodRole.Weighting, "LossWeighting." + LegacyName(weighting), arguments, 0,
                AttributeArguments.NamedLocation(trainerAttribute, "Weighting")));
        }
        if (AttributeArguments.Named(trainerAttribute, "Aggregation") is int aggregation && aggregation > 0 && aggregation < LegacyAggregations.Length
            && compilation.GetTypeByMetadataName(LegacyAggregations[aggregation]!) is { } aggregationType)
        {
            methods.Add(Describe(aggregationType, MethodRole.Aggregation, "GradientAggregation.PCGrad", [], 0,
                AttributeArguments.NamedLocation(trainerAttribute, "Aggregation")));
        }
    }

    private static string LegacyName(int weighting) => weighting switch
    {
        1 => "Uncertainty",
        2 => "DynamicWeightAverage",
        _ => "GradNorm",
    };

    /// <summary>The older <c>DwaTemperature</c>/<c>GradNormAlpha</c>, when written, as the attribute's property.</summary>
    private static void AddLegacyHyperparameter(AttributeData trainerAttribute, INamedTypeSymbol type, string legacyName, string property, string owner,
        List<Argument> arguments)
    {
        if (type.ToDisplayString() != owner) return;
        foreach (var named in trainerAttribute.NamedArguments)
        {
            if (named.Key == legacyName) arguments.Add(new Argument(property, named.Value, FindMember(type, property), AttributeArguments.NamedLocation(trainerAttribute, legacyName), legacyName));
        }
    }

    private static MethodDeclaration Describe(INamedTypeSymbol type, MethodRole role, string displayName,
        List<Argument> arguments, int constructorCount, LocationInfo? location)
    {
        var typeName = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        var constructorArguments = string.Join(", ", arguments.Take(constructorCount).Select(argument => ConstantLiterals.Of(argument.Value)));
        var initializers = string.Join(", ", arguments.Skip(constructorCount).Select(argument => $"{argument.Name} = {ConstantLiterals.Of(argument.Value)}"));
        var create = initializers.Length == 0 ? $"new {typeName}({constructorArguments}).Create()"
            : constructorArguments.Length == 0 ? $"new {typeName} {{ {initializers} }}.Create()"
            : $"new {typeName}({constructorArguments}) {{ {initializers} }}.Create()";

        var hyperparameters = ImmutableArray.CreateBuilder<HyperparameterDeclaration>();
        foreach (var argument in arguments)
        {
            var bounds = Bounds(argument.Target);
            if (bounds.Count > 0) hyperparameters.Add(new HyperparameterDeclaration(argument.WrittenAs, ConstantLiterals.Number(argument.Value), bounds, argument.Location));
        }
        var minimum = 0;
        if (FindAttribute(type, RequiresLossCount) is { } lossCount && lossCount.ConstructorArguments.Length == 1 && lossCount.ConstructorArguments[0].Value is int count) minimum = count;
        return new MethodDeclaration(role, ShortName(type), displayName, create,
            FindAttribute(type, RequiresSharedLayer) is not null,
            FindAttribute(type, RequiresEveryLossEveryStep) is not null,
            FindAttribute(type, RequiresLossesAfterStep) is not null,
            FindAttribute(type, RequiresRepresentation) is not null,
            FindAttribute(type, RequiresParameterGradients) is not null,
            minimum, hyperparameters.ToEquatableArray(), location);
    }

    private static EquatableArray<HyperparameterBound> Bounds(ISymbol? target)
    {
        var bounds = ImmutableArray.CreateBuilder<HyperparameterBound>();
        if (target is null) return bounds.ToEquatableArray();
        foreach (var attribute in target.GetAttributes())
        {
            if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not double bound) continue;
            BoundKind? kind = attribute.AttributeClass?.ToDisplayString() switch
            {
                "MultiLoss.Methods.GreaterThanAttribute" => BoundKind.GreaterThan,
                "MultiLoss.Methods.AtLeastAttribute" => BoundKind.AtLeast,
                "MultiLoss.Methods.LessThanAttribute" => BoundKind.LessThan,
                "MultiLoss.Methods.AtMostAttribute" => BoundKind.AtMost,
                _ => null,
            };
            if (kind is { } known) bounds.Add(new HyperparameterBound(known, bound));
        }
        return bounds.ToEquatableArray();
    }

    /// <summary>True for an attribute of a weighting or aggregation method (one the trainer uses).</summary>
    public static bool IsMethodAttribute(INamedTypeSymbol type) => RoleOf(type) is not null;

    private static MethodRole? RoleOf(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            var name = current.ToDisplayString();
            if (name == WeightingBase) return MethodRole.Weighting;
            if (name == AggregationBase) return MethodRole.Aggregation;
        }
        return null;
    }

    private static ISymbol? FindMember(INamedTypeSymbol type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers(name))
            {
                if (member is IPropertySymbol or IFieldSymbol) return member;
            }
        }
        return null;
    }

    private static AttributeData? FindAttribute(INamedTypeSymbol type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var attribute in current.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == name) return attribute;
            }
        }
        return null;
    }

    public static string ShortName(INamedTypeSymbol type)
        => type.Name.EndsWith("Attribute", System.StringComparison.Ordinal) ? type.Name.Substring(0, type.Name.Length - "Attribute".Length) : type.Name;

    /// <summary>An argument of a method's attribute: the member it sets, its value, and the name it was written under.</summary>
    private sealed record Argument(string Name, TypedConstant Value, ISymbol? Target, LocationInfo? Location, string WrittenAs);
}
