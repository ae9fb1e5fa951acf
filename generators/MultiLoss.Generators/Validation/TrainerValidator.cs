using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Declarations;
using MultiLoss.Generators.Model.Specs;
using static MultiLoss.Generators.Validation.DiagnosticDescriptors;

namespace MultiLoss.Generators.Validation;

/// <summary>
/// Judges a <see cref="TrainerDeclaration"/>: reports every rule it breaks and, when none is an error,
/// resolves it into the <see cref="TrainerSpec"/> the emitters write.
/// </summary>
internal static class TrainerValidator
{
    private static readonly EquatableArray<string> DefaultStepParameters = new[] { "input", "target" }.ToEquatableArray();
    private const string SingleOutputName = "output";

    public static ValidationResult Validate(TrainerDeclaration trainer, CancellationToken cancellationToken)
    {
        var diagnostics = ImmutableArray.CreateBuilder<DiagnosticInfo>();
        void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, LocationInfo? location, params string[] args)
            => diagnostics.Add(DiagnosticInfo.Create(descriptor, location, args));

        CheckClassShape(trainer, Report);
        if (trainer.UnsupportedFeatures.Count > 0)
        {
            Report(NotSupportedYet, trainer.UnsupportedFeatureLocation ?? trainer.Location, string.Join(", ", trainer.UnsupportedFeatures));
        }

        var model = CheckSingleMember(trainer, trainer.Models, NoModel, SeveralModels, "model", "torch.nn.Module", Report);
        var optimizer = CheckSingleMember(trainer, trainer.Optimizers, NoOptimizer, SeveralOptimizers, "optimizer", "torch.optim.Optimizer", Report);
        cancellationToken.ThrowIfCancellationRequested();

        var step = ResolveStep(trainer, Report);
        var forward = ResolveForward(trainer, model, step, Report);
        var losses = ResolveLosses(trainer, step, forward, Report);
        cancellationToken.ThrowIfCancellationRequested();

        var result = diagnostics.ToEquatableArray();
        foreach (var diagnostic in result)
        {
            if (diagnostic.IsError) return new ValidationResult(null, result);
        }

        var spec = new TrainerSpec(
            trainer.Namespace,
            ToContainingTypeSpecs(trainer.ContainingTypes),
            trainer.Name,
            model!.Name,
            optimizer!.Name,
            step,
            forward!,
            losses,
            BackwardStrategy.Combined);
        return new ValidationResult(spec, result);
    }

    private delegate void Reporter(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, LocationInfo? location, params string[] args);

    private static void CheckClassShape(TrainerDeclaration trainer, Reporter report)
    {
        if (!trainer.IsPartial) report(TrainerNotPartial, trainer.Location, trainer.Name);
        if (trainer.IsStatic) report(UnsupportedTrainerKind, trainer.Location, trainer.Name, "static");
        if (trainer.IsGeneric) report(UnsupportedTrainerKind, trainer.Location, trainer.Name, "generic");
        foreach (var container in trainer.ContainingTypes)
        {
            if (!container.IsPartial) report(ContainingTypeNotPartial, container.Location, trainer.Name, container.Name);
        }
    }

    private static MemberDeclaration? CheckSingleMember(
        TrainerDeclaration trainer,
        EquatableArray<MemberDeclaration> members,
        Microsoft.CodeAnalysis.DiagnosticDescriptor none,
        Microsoft.CodeAnalysis.DiagnosticDescriptor several,
        string role,
        string expectedType,
        Reporter report)
    {
        if (members.Count == 0)
        {
            report(none, trainer.Location, trainer.Name);
            return null;
        }
        for (var i = 1; i < members.Count; i++)
        {
            report(several, members[i].Location, members[i].Name, trainer.Name);
        }
        foreach (var member in members)
        {
            if (member.IsStatic) report(UnsupportedMemberKind, member.Location, member.Name, "static", $"the {role} must be an instance member of the trainer");
            if (!member.IsExpectedType) report(MemberWrongType, member.Location, role, member.Name, member.TypeDisplay, expectedType);
        }
        return members[0];
    }

    private static StepSpec ResolveStep(TrainerDeclaration trainer, Reporter report)
    {
        if (trainer.Steps.Count == 0)
        {
            return new StepSpec("Step", "public", IsUserDeclared: false, DefaultStepParameters);
        }
        for (var i = 1; i < trainer.Steps.Count; i++)
        {
            report(SeveralSteps, trainer.Steps[i].Location, trainer.Steps[i].MethodName, trainer.Name);
        }

        var declared = trainer.Steps[0];
        if (declared.IsStatic) report(UnsupportedMemberKind, declared.Location, declared.MethodName, "static", "the step must be an instance method");
        if (declared.IsGeneric) report(UnsupportedMemberKind, declared.Location, declared.MethodName, "generic", "the step cannot have type parameters");
        CheckTensorParameters(declared.MethodName, declared.Parameters, report);

        var names = ImmutableArray.CreateBuilder<string>(declared.Parameters.Count);
        foreach (var parameter in declared.Parameters) names.Add(parameter.Name);
        return new StepSpec(declared.MethodName, declared.Accessibility, IsUserDeclared: true, names.ToEquatableArray());
    }

    private static ForwardSpec? ResolveForward(TrainerDeclaration trainer, MemberDeclaration? model, StepSpec step, Reporter report)
    {
        if (trainer.Forwards.Count == 0)
        {
            if (model is null) return null;
            if (!model.ForwardsTensorToTensor)
            {
                if (model.IsExpectedType) report(ModelNeedsForward, model.Location, model.Name, model.TypeDisplay);
                return null;
            }
            if (step.Parameters.Count == 0)
            {
                report(ModelNeedsForward, trainer.Steps.Count > 0 ? trainer.Steps[0].Location : trainer.Location, model.Name, model.TypeDisplay);
                return null;
            }
            var single = new[] { SingleOutputName }.ToEquatableArray();
            CheckNotBoundTwice(single, step, trainer, report);
            return new ForwardSpec(null, new[] { step.Parameters[0] }.ToEquatableArray(), single, IsTuple: false);
        }

        for (var i = 1; i < trainer.Forwards.Count; i++)
        {
            report(InvalidForward, trainer.Forwards[i].Location, trainer.Forwards[i].MethodName, "is a second [Forward] method; declare at most one");
        }

        var forward = trainer.Forwards[0];
        if (forward.IsStatic) report(UnsupportedMemberKind, forward.Location, forward.MethodName, "static", "the forward must be an instance method");
        CheckTensorParameters(forward.MethodName, forward.Parameters, report);
        CheckBindings(forward.MethodName, forward.Parameters, step.Parameters, report);

        var outputs = ImmutableArray.CreateBuilder<string>();
        switch (forward.ReturnKind)
        {
            case ForwardReturnKind.Tensor:
                outputs.Add(SingleOutputName);
                break;
            case ForwardReturnKind.Tuple:
                foreach (var output in forward.Outputs)
                {
                    if (!output.IsNamed) report(InvalidForward, forward.Location, forward.MethodName, $"returns a tuple whose element '{output.Name}' has no name; name every element, e.g. (Tensor logits, Tensor recon)");
                    else if (!output.IsTensor) report(InvalidForward, forward.Location, forward.MethodName, $"returns a tuple whose element '{output.Name}' is not a Tensor");
                    outputs.Add(output.Name);
                }
                break;
            default:
                report(InvalidForward, forward.Location, forward.MethodName, "must return a Tensor or a named tuple of Tensors");
                break;
        }

        var outputNames = outputs.ToEquatableArray();
        CheckNotBoundTwice(outputNames, step, trainer, report);
        var arguments = ImmutableArray.CreateBuilder<string>(forward.Parameters.Count);
        foreach (var parameter in forward.Parameters) arguments.Add(parameter.Name);
        return new ForwardSpec(forward.MethodName, arguments.ToEquatableArray(), outputNames, forward.ReturnKind == ForwardReturnKind.Tuple);
    }

    private static void CheckNotBoundTwice(EquatableArray<string> outputs, StepSpec step, TrainerDeclaration trainer, Reporter report)
    {
        foreach (var output in outputs)
        {
            for (var i = 0; i < step.Parameters.Count; i++)
            {
                if (step.Parameters[i] != output) continue;
                var location = trainer.Steps.Count > 0 ? trainer.Steps[0].Parameters[i].Location : trainer.Location;
                report(NameBoundTwice, location, output);
            }
        }
    }

    private static EquatableArray<LossSpec> ResolveLosses(TrainerDeclaration trainer, StepSpec step, ForwardSpec? forward, Reporter report)
    {
        if (trainer.Losses.Count == 0)
        {
            report(NoLoss, trainer.Location, trainer.Name);
            return EquatableArray<LossSpec>.Empty;
        }

        var available = new List<string>(step.Parameters);
        if (forward is not null) available.AddRange(forward.Outputs);

        var losses = ImmutableArray.CreateBuilder<LossSpec>(trainer.Losses.Count);
        var names = new HashSet<string>();
        foreach (var loss in trainer.Losses)
        {
            if (!loss.ReturnsTensor) report(LossNotTensor, loss.Location, loss.MethodName, loss.ReturnTypeDisplay);
            if (loss.IsStatic) report(UnsupportedMemberKind, loss.Location, loss.MethodName, "static", "a loss must be an instance method");
            if (loss.IsGeneric) report(UnsupportedMemberKind, loss.Location, loss.MethodName, "generic", "a loss cannot have type parameters");
            if (double.IsNaN(loss.Weight) || double.IsInfinity(loss.Weight) || loss.Weight < 0)
            {
                report(InvalidWeight, loss.WeightLocation ?? loss.Location, loss.MethodName, FormatWeight(loss.Weight));
            }
            if (!names.Add(loss.MethodName)) report(DuplicateLossName, loss.Location, loss.MethodName);

            CheckTensorParameters(loss.MethodName, loss.Parameters, report);
            if (forward is not null) CheckBindings(loss.MethodName, loss.Parameters, available, report);

            var arguments = ImmutableArray.CreateBuilder<string>(loss.Parameters.Count);
            foreach (var parameter in loss.Parameters) arguments.Add(parameter.Name);
            losses.Add(new LossSpec(loss.MethodName, loss.ReportName ?? loss.MethodName, loss.Weight, arguments.ToEquatableArray()));
        }
        return losses.ToEquatableArray();
    }

    private static void CheckTensorParameters(string method, EquatableArray<ParameterDeclaration> parameters, Reporter report)
    {
        foreach (var parameter in parameters)
        {
            if (parameter.HasModifier)
            {
                report(UnsupportedMemberKind, parameter.Location, parameter.Name, "a ref, out, in or params parameter", $"parameters of '{method}' are passed by value");
            }
            else if (!parameter.IsTensor)
            {
                report(ParameterNotTensor, parameter.Location, parameter.Name, method, parameter.TypeDisplay);
            }
        }
    }

    private static void CheckBindings(string method, EquatableArray<ParameterDeclaration> parameters, IReadOnlyList<string> available, Reporter report)
    {
        foreach (var parameter in parameters)
        {
            var found = false;
            foreach (var name in available) found |= name == parameter.Name;
            if (!found) report(UnboundParameter, parameter.Location, parameter.Name, method, string.Join(", ", available));
        }
    }

    private static EquatableArray<ContainingTypeSpec> ToContainingTypeSpecs(EquatableArray<ContainingTypeDeclaration> containers)
    {
        var specs = ImmutableArray.CreateBuilder<ContainingTypeSpec>(containers.Count);
        foreach (var container in containers) specs.Add(new ContainingTypeSpec(container.Keyword, container.Name));
        return specs.ToEquatableArray();
    }

    private static string FormatWeight(double weight) => weight.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
