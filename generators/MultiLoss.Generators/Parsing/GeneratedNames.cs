using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Declarations;

namespace MultiLoss.Generators.Parsing;

/// <summary>Finds user members that would clash with the public members the generator adds to a trainer.</summary>
internal static class GeneratedNames
{
    public const string Dispose = "Dispose";
    public const string StepsTaken = "StepsTaken";
    public const string StepResult = "StepResult";
    public const string Phase = "Phase";
    public const string DefaultStep = "Step";
    public const string SkippedSteps = "SkippedSteps";
    public const string SaveState = "SaveState";
    public const string RestoreState = "RestoreState";
    public const string EndEpoch = "EndEpoch";
    public const string Evaluate = "Evaluate";
    public const string ReservedPrefix = "__";

    public static EquatableArray<NamedLocation> FindClashes(INamedTypeSymbol trainer, TorchTypes torch)
    {
        var clashes = ImmutableArray.CreateBuilder<NamedLocation>();
        foreach (var member in trainer.GetMembers())
        {
            if (member.IsImplicitlyDeclared || !Clashes(member, torch)) continue;
            clashes.Add(new NamedLocation(member.Name, LocationInfo.From(member.Locations.FirstOrDefault())));
        }

        // Inherited members clash too (the generated one would hide them); they are reported at the trainer's name.
        var trainerLocation = LocationInfo.From(trainer.Locations.FirstOrDefault());
        for (var type = trainer.BaseType; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
        {
            foreach (var member in type.GetMembers())
            {
                if (member.IsImplicitlyDeclared || member.DeclaredAccessibility == Accessibility.Private || member.IsStatic) continue;
                if (member.Name.StartsWith(ReservedPrefix, System.StringComparison.Ordinal) || !Clashes(member, torch)) continue;
                clashes.Add(new NamedLocation(member.Name, trainerLocation));
            }
        }
        return clashes.ToEquatableArray();
    }

    /// <summary>
    /// Any member with one of these names clashes (a field, a property, a nested type, a method), except overloads with
    /// other parameters of the generated methods (<c>Dispose(bool)</c>, a <c>Step</c> with three tensors), and the
    /// partial definition of a declared step, which is the generator's to implement (or, returning something else, ML0041).
    /// </summary>
    private static bool Clashes(ISymbol member, TorchTypes torch) => member switch
    {
        _ when member.Name.StartsWith(ReservedPrefix, System.StringComparison.Ordinal) => true,
        IMethodSymbol { IsPartialDefinition: true } method when method.ReturnType.Name == StepResult || MisplacedDeclarations.IsMisdeclaredStep(method, torch) => false,
        IMethodSymbol method when method.Name == Dispose => method.Parameters.Length == 0,
        IMethodSymbol method when method.Name == SaveState => method.Parameters.Length == 0,
        IMethodSymbol method when method.Name == EndEpoch => method.Parameters.Length == 0,
        IMethodSymbol method when method.Name == RestoreState => method.Parameters.Length == 1 && method.Parameters[0].Type.Name == "TrainerState",
        IMethodSymbol method when method.Name == Evaluate => AllTensors(method, torch),
        IMethodSymbol method when method.Name == DefaultStep => method.Parameters.Length == 2
            && torch.IsTensor(method.Parameters[0].Type) && torch.IsTensor(method.Parameters[1].Type),
        _ => member.Name is Dispose or StepsTaken or StepResult or Phase or DefaultStep or SkippedSteps or SaveState or RestoreState or EndEpoch
            or Evaluate,
    };

    /// <summary>
    /// A method whose parameters are all tensors may have the generated <c>Evaluate</c>'s signature (it takes the step's
    /// parameters); one with another parameter is an overload.
    /// </summary>
    private static bool AllTensors(IMethodSymbol method, TorchTypes torch)
    {
        foreach (var parameter in method.Parameters)
        {
            if (!torch.IsTensor(parameter.Type)) return false;
        }
        return true;
    }
}
