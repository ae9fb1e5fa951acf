using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Declarations;

namespace MultiLoss.Generators.Parsing;

/// <summary>
/// Reads a <c>[MultiLossTrainer]</c> class into a <see cref="TrainerDeclaration"/>. The only code that touches
/// symbols and syntax: it records facts and locations and judges nothing.
/// </summary>
internal static class TrainerParser
{
    public static TrainerDeclaration? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol trainer) return null;
        var torch = new TorchTypes(context.SemanticModel.Compilation);
        var unsupported = new UnsupportedFeatures();

        var backward = ReadBackward(context.Attributes[0], unsupported);
        foreach (var attribute in trainer.GetAttributes())
        {
            if (Is(attribute, KnownNames.PhaseAttribute)) unsupported.Add("[Phase] on the trainer", attribute);
        }

        var models = ImmutableArray.CreateBuilder<MemberDeclaration>();
        var optimizers = ImmutableArray.CreateBuilder<MemberDeclaration>();
        var losses = ImmutableArray.CreateBuilder<LossDeclaration>();
        var forwards = ImmutableArray.CreateBuilder<ForwardDeclaration>();
        var steps = ImmutableArray.CreateBuilder<StepDeclaration>();

        foreach (var member in trainer.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (member)
            {
                case IFieldSymbol or IPropertySymbol:
                    ReadDataMember(member, torch, models, optimizers);
                    break;
                case IMethodSymbol method:
                    ReadMethod(method, torch, losses, forwards, steps, unsupported);
                    break;
            }
        }

        return new TrainerDeclaration(
            Namespace: trainer.ContainingNamespace.IsGlobalNamespace ? null : trainer.ContainingNamespace.ToDisplayString(),
            ContainingTypes: ReadContainingTypes(trainer),
            Name: trainer.Name,
            Location: LocationInfo.From(trainer.Locations.FirstOrDefault()),
            IsPartial: IsPartial(trainer),
            IsStatic: trainer.IsStatic,
            IsGeneric: trainer.IsGenericType,
            Backward: backward,
            Models: models.ToEquatableArray(),
            Optimizers: optimizers.ToEquatableArray(),
            Losses: losses.ToEquatableArray(),
            Forwards: forwards.ToEquatableArray(),
            Steps: steps.ToEquatableArray(),
            UnsupportedFeatures: unsupported.Names.ToEquatableArray(),
            UnsupportedFeatureLocation: unsupported.FirstLocation);
    }

    private static BackwardModeValue ReadBackward(AttributeData attribute, UnsupportedFeatures unsupported)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == "Backward" && argument.Value.Value is int mode)
            {
                if (mode != (int)BackwardModeValue.Combined) unsupported.Add("Backward = BackwardMode.Separate", attribute);
                return (BackwardModeValue)mode;
            }
        }
        return BackwardModeValue.Combined;
    }

    private static void ReadDataMember(
        ISymbol member,
        TorchTypes torch,
        ImmutableArray<MemberDeclaration>.Builder models,
        ImmutableArray<MemberDeclaration>.Builder optimizers)
    {
        var type = member switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };
        if (type is null) return;

        foreach (var attribute in member.GetAttributes())
        {
            if (Is(attribute, KnownNames.ModelAttribute))
            {
                models.Add(new MemberDeclaration(member.Name, Display(type), member.IsStatic,
                    torch.IsModule(type), torch.ForwardsTensorToTensor(type), LocationInfo.From(member.Locations.FirstOrDefault())));
            }
            else if (Is(attribute, KnownNames.OptimizerAttribute))
            {
                optimizers.Add(new MemberDeclaration(member.Name, Display(type), member.IsStatic,
                    torch.IsOptimizer(type), ForwardsTensorToTensor: false, LocationInfo.From(member.Locations.FirstOrDefault())));
            }
        }
    }

    private static void ReadMethod(
        IMethodSymbol method,
        TorchTypes torch,
        ImmutableArray<LossDeclaration>.Builder losses,
        ImmutableArray<ForwardDeclaration>.Builder forwards,
        ImmutableArray<StepDeclaration>.Builder steps,
        UnsupportedFeatures unsupported)
    {
        if (method.MethodKind != MethodKind.Ordinary) return;

        if (method.IsPartialDefinition && method.PartialImplementationPart is null && method.ReturnType.Name == KnownNames.StepResult)
        {
            steps.Add(new StepDeclaration(method.Name, AccessibilityText(method.DeclaredAccessibility), method.IsStatic,
                method.IsGenericMethod, ReadParameters(method, torch), LocationInfo.From(method.Locations.FirstOrDefault())));
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (Is(attribute, KnownNames.LossAttribute))
            {
                losses.Add(ReadLoss(method, attribute, torch));
            }
            else if (Is(attribute, KnownNames.ForwardAttribute))
            {
                forwards.Add(ReadForward(method, torch));
            }
            else if (Is(attribute, KnownNames.PhaseAttribute))
            {
                unsupported.Add("[Phase] on a loss", attribute);
            }
            else if (Is(attribute, KnownNames.GateOnAttribute))
            {
                unsupported.Add("[GateOn]", attribute);
            }
        }
    }

    private static LossDeclaration ReadLoss(IMethodSymbol method, AttributeData attribute, TorchTypes torch)
    {
        var weight = 1.0;
        LocationInfo? weightLocation = null;
        if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is double value)
        {
            weight = value;
        }
        if (attribute.ApplicationSyntaxReference?.GetSyntax() is AttributeSyntax syntax)
        {
            var weightArgument = syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals is null);
            weightLocation = LocationInfo.From(weightArgument) ?? LocationInfo.From(syntax);
        }

        string? reportName = null;
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == "Name") reportName = argument.Value.Value as string;
        }

        return new LossDeclaration(
            MethodName: method.Name,
            ReportName: reportName,
            Weight: weight,
            WeightLocation: weightLocation,
            ReturnsTensor: torch.IsTensor(method.ReturnType),
            ReturnTypeDisplay: Display(method.ReturnType),
            IsStatic: method.IsStatic,
            IsGeneric: method.IsGenericMethod,
            Parameters: ReadParameters(method, torch),
            Location: LocationInfo.From(method.Locations.FirstOrDefault()));
    }

    private static ForwardDeclaration ReadForward(IMethodSymbol method, TorchTypes torch)
    {
        var kind = ForwardReturnKind.Other;
        var outputs = ImmutableArray.CreateBuilder<ForwardOutputDeclaration>();
        if (torch.IsTensor(method.ReturnType))
        {
            kind = ForwardReturnKind.Tensor;
        }
        else if (method.ReturnType is INamedTypeSymbol { IsTupleType: true } tuple)
        {
            kind = ForwardReturnKind.Tuple;
            foreach (var element in tuple.TupleElements)
            {
                var isNamed = !SymbolEqualityComparer.Default.Equals(element, element.CorrespondingTupleField);
                outputs.Add(new ForwardOutputDeclaration(element.Name, isNamed, torch.IsTensor(element.Type)));
            }
        }

        return new ForwardDeclaration(method.Name, kind, outputs.ToEquatableArray(), method.IsStatic,
            ReadParameters(method, torch), LocationInfo.From(method.Locations.FirstOrDefault()));
    }

    private static EquatableArray<ParameterDeclaration> ReadParameters(IMethodSymbol method, TorchTypes torch)
    {
        var parameters = ImmutableArray.CreateBuilder<ParameterDeclaration>(method.Parameters.Length);
        foreach (var parameter in method.Parameters)
        {
            parameters.Add(new ParameterDeclaration(
                parameter.Name,
                Display(parameter.Type),
                torch.IsTensor(parameter.Type),
                HasModifier: parameter.RefKind != RefKind.None || parameter.IsParams,
                LocationInfo.From(parameter.Locations.FirstOrDefault())));
        }
        return parameters.ToEquatableArray();
    }

    private static EquatableArray<ContainingTypeDeclaration> ReadContainingTypes(INamedTypeSymbol trainer)
    {
        var containing = ImmutableArray.CreateBuilder<ContainingTypeDeclaration>();
        for (var type = trainer.ContainingType; type is not null; type = type.ContainingType)
        {
            containing.Insert(0, new ContainingTypeDeclaration(
                Keyword(type),
                type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                IsPartial(type),
                LocationInfo.From(type.Locations.FirstOrDefault())));
        }
        return containing.ToEquatableArray();
    }

    private static string Keyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };

    private static bool IsPartial(INamedTypeSymbol type)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return true;
            }
        }
        return false;
    }

    private static string AccessibilityText(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };

    private static bool Is(AttributeData attribute, string metadataName)
        => attribute.AttributeClass?.ToDisplayString() == metadataName;

    private static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    /// <summary>Features the generator does not handle yet; each is reported as one error.</summary>
    private sealed class UnsupportedFeatures
    {
        public ImmutableArray<string>.Builder Names { get; } = ImmutableArray.CreateBuilder<string>();

        public LocationInfo? FirstLocation { get; private set; }

        public void Add(string feature, AttributeData attribute)
        {
            if (!Names.Contains(feature)) Names.Add(feature);
            FirstLocation ??= LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax());
        }
    }
}
