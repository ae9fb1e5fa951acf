using System.Collections.Generic;
using System.Collections.Immutable;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Declarations;
using MultiLoss.Generators.Model.Specs;
using static MultiLoss.Generators.Validation.DiagnosticDescriptors;

namespace MultiLoss.Generators.Validation;

/// <summary>
/// Resolves the step and the forward pass, and checks the names loss and metric parameters bind to (dsl §3): the step's
/// parameters and the forward outputs, each bound once, all tensors.
/// </summary>
internal static class BindingRules
{
    public const string SingleOutputName = "output";
    private static readonly EquatableArray<string> DefaultStepParameters = new[] { "input", "target" }.ToEquatableArray();

    public static StepSpec ResolveStep(TrainerDeclaration trainer, DiagnosticBag diagnostics)
    {
        if (trainer.Steps.Count == 0)
        {
            return new StepSpec("Step", "public", IsUserDeclared: false, DefaultStepParameters);
        }
        for (var i = 1; i < trainer.Steps.Count; i++)
        {
            diagnostics.Report(SeveralSteps, trainer.Steps[i].Location, trainer.Steps[i].MethodName, trainer.Name);
        }

        var declared = trainer.Steps[0];
        if (!declared.HasAccessibility) diagnostics.Report(StepWithoutAccessibility, declared.Location, declared.MethodName);
        if (declared.IsStatic) diagnostics.Report(UnsupportedMemberKind, declared.Location, declared.MethodName, "static", "the step must be an instance method");
        if (declared.IsGeneric) diagnostics.Report(UnsupportedMemberKind, declared.Location, declared.MethodName, "generic", "the step cannot have type parameters");
        CheckTensorParameters(declared.MethodName, declared.Parameters, diagnostics);
        return new StepSpec(declared.MethodName, declared.Modifiers, IsUserDeclared: true, Names(declared.Parameters));
    }

    public static ForwardSpec? ResolveForward(TrainerDeclaration trainer, MemberDeclaration? model, StepSpec step, DiagnosticBag diagnostics)
    {
        if (trainer.Forwards.Count == 0) return ResolveModelForward(trainer, model, step, diagnostics);

        for (var i = 1; i < trainer.Forwards.Count; i++)
        {
            diagnostics.Report(InvalidForward, trainer.Forwards[i].Location, trainer.Forwards[i].MethodName, "is a second [Forward] method; declare at most one");
        }

        var forward = trainer.Forwards[0];
        if (forward.IsStatic) diagnostics.Report(UnsupportedMemberKind, forward.Location, forward.MethodName, "static", "the forward must be an instance method");
        if (forward.IsGeneric) diagnostics.Report(UnsupportedMemberKind, forward.Location, forward.MethodName, "generic", "the forward cannot have type parameters");
        CheckTensorParameters(forward.MethodName, forward.Parameters, diagnostics);
        CheckBindings(forward.MethodName, forward.Parameters, step.Parameters, diagnostics);

        var outputs = ImmutableArray.CreateBuilder<string>();
        switch (forward.ReturnKind)
        {
            case ForwardReturnKind.Tensor:
                outputs.Add(SingleOutputName);
                break;
            case ForwardReturnKind.Tuple:
                var unnamed = new List<string>();
                foreach (var output in forward.Outputs)
                {
                    if (!output.IsNamed) unnamed.Add(output.Name);
                    else if (!output.IsTensor) diagnostics.Report(InvalidForward, forward.Location, forward.MethodName, $"returns a tuple whose element '{output.Name}' is not a Tensor");
                    else ClassRules.CheckNotReserved(output.Name, forward.Location, diagnostics);
                    outputs.Add(output.Name);
                }
                if (unnamed.Count > 0)
                {
                    diagnostics.Report(InvalidForward, forward.Location, forward.MethodName,
                        $"returns a tuple with unnamed elements ({string.Join(", ", unnamed)}); name every element, e.g. (Tensor logits, Tensor recon)");
                }
                break;
            default:
                diagnostics.Report(InvalidForward, forward.Location, forward.MethodName, "must return a Tensor or a named tuple of Tensors");
                break;
        }

        var outputNames = outputs.ToEquatableArray();
        CheckNotBoundTwice(outputNames, step, trainer, diagnostics);
        return new ForwardSpec(forward.MethodName, Names(forward.Parameters), outputNames, forward.ReturnKind == ForwardReturnKind.Tuple);
    }

    /// <summary>Without <c>[Forward]</c>: <c>output = model.forward(first step parameter)</c>.</summary>
    private static ForwardSpec? ResolveModelForward(TrainerDeclaration trainer, MemberDeclaration? model, StepSpec step, DiagnosticBag diagnostics)
    {
        if (model is null) return null;
        if (!model.ForwardsTensorToTensor)
        {
            if (model.IsExpectedType) diagnostics.Report(ModelNeedsForward, model.Location, model.Name, model.TypeDisplay);
            return null;
        }
        if (step.Parameters.Count == 0)
        {
            diagnostics.Report(ModelNeedsForward, trainer.Steps.Count > 0 ? trainer.Steps[0].Location : trainer.Location, model.Name, model.TypeDisplay);
            return null;
        }
        var single = new[] { SingleOutputName }.ToEquatableArray();
        CheckNotBoundTwice(single, step, trainer, diagnostics);
        return new ForwardSpec(null, new[] { step.Parameters[0] }.ToEquatableArray(), single, IsTuple: false);
    }

    public static void CheckTensorParameters(string method, EquatableArray<ParameterDeclaration> parameters, DiagnosticBag diagnostics)
    {
        foreach (var parameter in parameters)
        {
            ClassRules.CheckNotReserved(parameter.Name, parameter.Location, diagnostics);
            if (parameter.HasModifier)
            {
                diagnostics.Report(UnsupportedMemberKind, parameter.Location, parameter.Name, "a ref, out, in or params parameter", $"parameters of '{method}' are passed by value");
            }
            else if (!parameter.IsTensor)
            {
                diagnostics.Report(ParameterNotTensor, parameter.Location, parameter.Name, method, parameter.TypeDisplay);
            }
        }
    }

    /// <summary>Reports each tensor parameter whose name is not available; a parameter that is no plain tensor already has its diagnostic.</summary>
    public static void CheckBindings(string method, EquatableArray<ParameterDeclaration> parameters, IReadOnlyList<string> available, DiagnosticBag diagnostics)
    {
        foreach (var parameter in parameters)
        {
            if (!parameter.IsTensor || parameter.HasModifier) continue;
            var found = false;
            foreach (var name in available) found |= name == parameter.Name;
            if (!found) diagnostics.Report(UnboundParameter, parameter.Location, parameter.Name, method, string.Join(", ", available));
        }
    }

    public static EquatableArray<string> Names(EquatableArray<ParameterDeclaration> parameters)
    {
        var names = ImmutableArray.CreateBuilder<string>(parameters.Count);
        foreach (var parameter in parameters) names.Add(parameter.Name);
        return names.ToEquatableArray();
    }

    private static void CheckNotBoundTwice(EquatableArray<string> outputs, StepSpec step, TrainerDeclaration trainer, DiagnosticBag diagnostics)
    {
        foreach (var output in outputs)
        {
            for (var i = 0; i < step.Parameters.Count; i++)
            {
                if (step.Parameters[i] != output) continue;
                var location = trainer.Steps.Count > 0 ? trainer.Steps[0].Parameters[i].Location : trainer.Location;
                diagnostics.Report(NameBoundTwice, location, output);
            }
        }
    }

    /// <summary>
    /// ML0061: a <c>[Forward]</c> output that no loss or metric takes (by name) and <c>[AggregateAt]</c> does not name is
    /// computed for nothing, and most often means a loss parameter was misnamed.
    /// </summary>
    public static void CheckOutputsUsed(TrainerDeclaration trainer, ForwardSpec? forward, IReadOnlyList<LossSpec> losses, IReadOnlyList<MetricSpec> metrics,
        DiagnosticBag diagnostics)
    {
        // On top of an error the warning is noise: the forward or a loss is being fixed anyway.
        if (forward?.MethodName is not { } method || trainer.Forwards.Count != 1 || diagnostics.HasErrors) return;
        foreach (var output in forward.Outputs)
        {
            if (output == trainer.Representation?.Output) continue;
            var used = false;
            foreach (var loss in losses) used |= loss.Arguments.AsImmutableArray().Contains(output);
            foreach (var metric in metrics) used |= metric.Arguments.AsImmutableArray().Contains(output);
            if (!used) diagnostics.Report(ForwardOutputUnused, trainer.Forwards[0].Location ?? trainer.Location, output, method);
        }
    }
}
