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
        var trainerAttribute = context.Attributes[0];
        var phases = ImmutableArray.CreateBuilder<PhaseDeclaration>();
        var controls = new TrainingControlsDeclaration(false, null, null, null, null);
        RepresentationDeclaration? representation = null;
        foreach (var attribute in trainer.GetAttributes())
        {
            if (Is(attribute, KnownNames.PhaseAttribute)) phases.Add(PhaseParser.ReadPhase(trainer, attribute));
            else if (Is(attribute, KnownNames.SkipNonFiniteAttribute)) controls = controls with { SkipNonFinite = true };
            else if (Is(attribute, KnownNames.ClipGradNormAttribute))
            {
                controls = controls with
                {
                    ClipGradNorm = AttributeArguments.Constructor(attribute, 0) as double? ?? double.NaN,
                    ClipGradNormLocation = AttributeArguments.ConstructorLocation(attribute, 0),
                };
            }
            else if (Is(attribute, KnownNames.AggregateAtAttribute))
            {
                representation = new RepresentationDeclaration(
                    AttributeArguments.Constructor(attribute, 0) as string,
                    AttributeArguments.ConstructorLocation(attribute, 0) ?? AttributeArguments.Whole(attribute));
            }
            else if (Is(attribute, KnownNames.AccumulateGradientsAttribute))
            {
                controls = controls with
                {
                    AccumulateSteps = AttributeArguments.Constructor(attribute, 0) as int? ?? 0,
                    AccumulateStepsLocation = AttributeArguments.ConstructorLocation(attribute, 0),
                };
            }
        }

        var models = ImmutableArray.CreateBuilder<MemberDeclaration>();
        var optimizers = ImmutableArray.CreateBuilder<MemberDeclaration>();
        var sharedLayers = ImmutableArray.CreateBuilder<MemberDeclaration>();
        var methodMembers = ImmutableArray.CreateBuilder<MemberDeclaration>();
        var losses = ImmutableArray.CreateBuilder<LossDeclaration>();
        var metrics = ImmutableArray.CreateBuilder<MetricDeclaration>();
        var forwards = ImmutableArray.CreateBuilder<ForwardDeclaration>();
        var steps = ImmutableArray.CreateBuilder<StepDeclaration>();

        foreach (var member in trainer.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (member)
            {
                case IFieldSymbol or IPropertySymbol:
                    ReadDataMember(member, torch, models, optimizers, sharedLayers, methodMembers);
                    break;
                case IMethodSymbol method:
                    ReadMethod(method, torch, losses, metrics, forwards, steps);
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
            IsGeneric: trainer.TypeParameters.Length > 0,
            Keyword: Keyword(trainer),
            IsFileLocal: trainer.IsFileLocal,
            Backward: ReadBackward(trainerAttribute),
            AttributeLocation: LocationInfo.From(trainerAttribute.ApplicationSyntaxReference?.GetSyntax()),
            Models: models.ToEquatableArray(),
            Optimizers: optimizers.ToEquatableArray(),
            SharedLayers: sharedLayers.ToEquatableArray(),
            MethodMembers: methodMembers.ToEquatableArray(),
            Losses: losses.ToEquatableArray(),
            Metrics: metrics.ToEquatableArray(),
            Forwards: forwards.ToEquatableArray(),
            Steps: steps.ToEquatableArray(),
            Phases: phases.ToEquatableArray(),
            Controls: controls,
            Methods: MethodParser.Read(trainer, trainerAttribute, context.SemanticModel.Compilation),
            MethodLookalikes: MethodLookalikes.Find(trainer),
            Representation: representation,
            GeneratedNameClashes: GeneratedNames.FindClashes(trainer, torch),
            Misplaced: MisplacedDeclarations.Find(trainer, torch),
            InheritedMembers: InheritedMembers.Find(trainer),
            ValueLimit: RuntimeLimits.ValueLimit(context.SemanticModel.Compilation));
    }

    private static BackwardModeValue ReadBackward(AttributeData attribute)
        => AttributeArguments.Named(attribute, "Backward") is int mode ? (BackwardModeValue)mode : BackwardModeValue.Combined;

    private static void ReadDataMember(
        ISymbol member,
        TorchTypes torch,
        ImmutableArray<MemberDeclaration>.Builder models,
        ImmutableArray<MemberDeclaration>.Builder optimizers,
        ImmutableArray<MemberDeclaration>.Builder sharedLayers,
        ImmutableArray<MemberDeclaration>.Builder methodMembers)
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
                models.Add(new MemberDeclaration(member.Name, Display(type), member.IsStatic, IsReadable(member), IsNullable(type),
                    torch.IsModule(type), torch.ForwardsTensorToTensor(type), LocationInfo.From(member.Locations.FirstOrDefault())));
            }
            else if (Is(attribute, KnownNames.SharedLayerAttribute))
            {
                sharedLayers.Add(new MemberDeclaration(member.Name, Display(type), member.IsStatic, IsReadable(member), IsNullable(type),
                    torch.IsModule(type), ForwardsTensorToTensor: false, LocationInfo.From(member.Locations.FirstOrDefault())));
            }
            else if (Is(attribute, KnownNames.MethodMemberAttribute))
            {
                methodMembers.Add(new MemberDeclaration(member.Name, Display(type), member.IsStatic, IsReadable(member), IsNullable(type),
                    InheritsFrom(type, KnownNames.TrainingMethodAttribute), ForwardsTensorToTensor: false, LocationInfo.From(member.Locations.FirstOrDefault())));
            }
            else if (Is(attribute, KnownNames.OptimizerAttribute))
            {
                optimizers.Add(new MemberDeclaration(member.Name, Display(type), member.IsStatic, IsReadable(member), IsNullable(type),
                    torch.IsOptimizer(type), ForwardsTensorToTensor: false, LocationInfo.From(member.Locations.FirstOrDefault()),
                    StepNeedsArguments: TorchTypes.StepNeedsArguments(type)));
            }
        }
    }

    /// <summary>True when <paramref name="type"/> is the type named <paramref name="metadataName"/> or derives from it.</summary>
    private static bool InheritsFrom(ITypeSymbol type, string metadataName)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.ContainingNamespace is { } ns && ns.ToDisplayString() + "." + current.MetadataName == metadataName) return true;
        }
        return false;
    }

    private static void ReadMethod(
        IMethodSymbol method,
        TorchTypes torch,
        ImmutableArray<LossDeclaration>.Builder losses,
        ImmutableArray<MetricDeclaration>.Builder metrics,
        ImmutableArray<ForwardDeclaration>.Builder forwards,
        ImmutableArray<StepDeclaration>.Builder steps)
    {
        if (method.MethodKind != MethodKind.Ordinary) return;

        if (method.IsPartialDefinition && method.PartialImplementationPart is null && method.ReturnType.Name == KnownNames.StepResult)
        {
            steps.Add(new StepDeclaration(method.Name, Modifiers(method), HasAccessibility(method), method.IsStatic,
                method.IsGenericMethod, ReadParameters(method, torch), LocationInfo.From(method.Locations.FirstOrDefault())));
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (Is(attribute, KnownNames.LossAttribute))
            {
                losses.Add(ReadLoss(method, attribute, torch));
            }
            else if (Is(attribute, KnownNames.MetricAttribute))
            {
                metrics.Add(ReadMetric(method, attribute, torch));
            }
            else if (Is(attribute, KnownNames.ForwardAttribute))
            {
                forwards.Add(ReadForward(method, torch));
            }
        }
    }

    private static MetricDeclaration ReadMetric(IMethodSymbol method, AttributeData attribute, TorchTypes torch)
    {
        var isAlsoLoss = false;
        foreach (var other in method.GetAttributes()) isAlsoLoss |= Is(other, KnownNames.LossAttribute);
        var reportName = AttributeArguments.Named(attribute, "Name") as string;
        return new MetricDeclaration(
            MethodName: method.Name,
            ReportName: reportName,
            ReportNameLocation: reportName is null ? null : AttributeArguments.NamedLocation(attribute, "Name"),
            ReturnsTensor: torch.IsTensor(method.ReturnType),
            ReturnTypeDisplay: Display(method.ReturnType),
            IsStatic: method.IsStatic,
            IsGeneric: method.IsGenericMethod,
            Parameters: ReadParameters(method, torch),
            IsAlsoLoss: isAlsoLoss,
            AttributeLocation: AttributeArguments.Whole(attribute),
            Location: LocationInfo.From(method.Locations.FirstOrDefault()));
    }

    private static LossDeclaration ReadLoss(IMethodSymbol method, AttributeData attribute, TorchTypes torch)
    {
        GateDeclaration? gate = null;
        var phases = ImmutableArray.CreateBuilder<PhaseMembershipDeclaration>();
        foreach (var other in method.GetAttributes())
        {
            if (Is(other, KnownNames.GateOnAttribute)) gate = PhaseParser.ReadGate(other);
            else if (Is(other, KnownNames.PhaseAttribute)) phases.Add(PhaseParser.ReadMembership(other));
        }

        return new LossDeclaration(
            MethodName: method.Name,
            ReportName: AttributeArguments.Named(attribute, "Name") as string,
            Weight: AttributeArguments.Constructor(attribute, 0) is double weight ? weight : 1.0,
            WeightLocation: AttributeArguments.ConstructorLocation(attribute, 0),
            WeightIntegerDivision: AttributeArguments.IntegerDivision(attribute, 0),
            ReturnsTensor: torch.IsTensor(method.ReturnType),
            ReturnTypeDisplay: Display(method.ReturnType),
            ReturnsNullable: IsNullable(method.ReturnType),
            IsStatic: method.IsStatic,
            IsGeneric: method.IsGenericMethod,
            Parameters: ReadParameters(method, torch),
            Gate: gate,
            Updates: ReadUpdates(method.ContainingType, attribute, torch),
            WarmupSteps: AttributeArguments.Named(attribute, "WarmupSteps") as int? ?? 0,
            WarmupLocation: AttributeArguments.NamedLocation(attribute, "WarmupSteps"),
            Phases: phases.ToEquatableArray(),
            Location: LocationInfo.From(method.Locations.FirstOrDefault()));
    }

    private static UpdatesDeclaration? ReadUpdates(INamedTypeSymbol trainer, AttributeData attribute, TorchTypes torch)
    {
        if (AttributeArguments.Named(attribute, "Updates") is not string name) return null;
        var target = UpdatesTargetKind.Missing;
        var nullable = false;
        foreach (var member in trainer.GetMembers(name))
        {
            var type = member switch
            {
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                _ => null,
            };
            if (type is null) continue;
            nullable = IsNullable(type);
            target = !torch.IsModule(type) ? UpdatesTargetKind.NotModule
                : member.IsStatic ? UpdatesTargetKind.Static
                : UpdatesTargetKind.Module;
            break;
        }
        return new UpdatesDeclaration(name, target, nullable, AttributeArguments.NamedLocation(attribute, "Updates"));
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
                outputs.Add(new ForwardOutputDeclaration(element.Name, isNamed, torch.IsTensor(element.Type), IsNullable(element.Type)));
            }
        }

        return new ForwardDeclaration(method.Name, kind, IsNullable(method.ReturnType), outputs.ToEquatableArray(), method.IsStatic, method.IsGenericMethod,
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
                IsNullable: IsNullable(parameter.Type),
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
                type.TypeParameters.Length > 0,
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

    private static bool IsNullable(ITypeSymbol type) => type.NullableAnnotation == NullableAnnotation.Annotated;

    private static bool IsReadable(ISymbol member) => member is not IPropertySymbol { GetMethod: null };

    private static bool HasAccessibility(IMethodSymbol method)
        => method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is MethodDeclarationSyntax syntax && AccessModifiers.AnyWritten(syntax.Modifiers);

    /// <summary>The modifiers of a partial definition, without <c>partial</c>, as written.</summary>
    private static string Modifiers(IMethodSymbol method)
    {
        if (method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not MethodDeclarationSyntax syntax) return "public";
        var modifiers = new System.Text.StringBuilder();
        foreach (var modifier in syntax.Modifiers)
        {
            if (modifier.IsKind(SyntaxKind.PartialKeyword)) continue;
            if (modifiers.Length > 0) modifiers.Append(' ');
            modifiers.Append(modifier.Text);
        }
        return modifiers.Length == 0 ? "private" : modifiers.ToString();
    }

    internal static bool Is(AttributeData attribute, string metadataName)
        => attribute.AttributeClass?.ToDisplayString() == metadataName;

    private static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
}
