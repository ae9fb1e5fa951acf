using Microsoft.CodeAnalysis;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Declarations;

namespace MultiLoss.Generators.Parsing;

/// <summary>Reads <c>[Phase]</c> (on the class and on losses) and <c>[GateOn]</c>.</summary>
internal static class PhaseParser
{
    public static PhaseDeclaration ReadPhase(INamedTypeSymbol trainer, AttributeData attribute)
    {
        var until = AttributeArguments.Named(attribute, "Until") as string;
        return new PhaseDeclaration(
            Number: AttributeArguments.Constructor(attribute, 0) is int number ? number : 0,
            NumberLocation: AttributeArguments.ConstructorLocation(attribute, 0),
            Backward: AttributeArguments.Named(attribute, "Backward") is int mode ? (BackwardModeValue)mode : null,
            Steps: AttributeArguments.Named(attribute, "Steps") as int?,
            StepsLocation: AttributeArguments.NamedLocation(attribute, "Steps"),
            Until: until,
            UntilTarget: ClassifyUntil(trainer, until),
            UntilLocation: AttributeArguments.NamedLocation(attribute, "Until"),
            Location: AttributeArguments.Whole(attribute));
    }

    public static PhaseMembershipDeclaration ReadMembership(AttributeData attribute)
        => new(AttributeArguments.Constructor(attribute, 0) is int number ? number : 0, AttributeArguments.Whole(attribute));

    public static GateDeclaration ReadGate(AttributeData attribute) => new(
        Threshold: AttributeArguments.Constructor(attribute, 0) is double threshold ? threshold : double.NaN,
        ThresholdLocation: AttributeArguments.ConstructorLocation(attribute, 0),
        On: AttributeArguments.Named(attribute, "On") as string,
        OnLocation: AttributeArguments.NamedLocation(attribute, "On"),
        Mode: AttributeArguments.Named(attribute, "Mode") is int mode ? (GateModeValue)mode : GateModeValue.Switch,
        Latch: AttributeArguments.Named(attribute, "Latch") is true,
        OnDevice: AttributeArguments.Named(attribute, "Evaluation") is 1,
        Location: AttributeArguments.Whole(attribute));

    private static UntilTargetKind ClassifyUntil(INamedTypeSymbol trainer, string? name)
    {
        if (name is null) return UntilTargetKind.None;
        var found = false;
        foreach (var member in trainer.GetMembers(name))
        {
            if (member is IMethodSymbol { IsStatic: false, Parameters.Length: 0, IsGenericMethod: false, ReturnType.SpecialType: SpecialType.System_Boolean })
            {
                return UntilTargetKind.Valid;
            }
            found = true;
        }
        return found ? UntilTargetKind.WrongSignature : UntilTargetKind.Missing;
    }
}
