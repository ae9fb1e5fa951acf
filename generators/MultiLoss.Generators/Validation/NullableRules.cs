using System.Collections.Immutable;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Declarations;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Validation;

/// <summary>Collects what the user declared nullable, so the emitted step checks it instead of warning or passing null on.</summary>
internal static class NullableRules
{
    public static NullableSpec Resolve(TrainerDeclaration trainer, MemberDeclaration model, MemberDeclaration optimizer)
    {
        var members = ImmutableArray.CreateBuilder<string>();
        if (model.IsNullable) members.Add(model.Name);
        if (optimizer.IsNullable) members.Add(optimizer.Name);
        foreach (var layer in trainer.SharedLayers)
        {
            if (layer.IsNullable) members.Add(layer.Name);
        }
        foreach (var loss in trainer.Losses)
        {
            if (loss.Updates is { IsNullable: true } updates && !members.Contains(updates.Member)) members.Add(updates.Member);
        }

        var parameters = ImmutableArray.CreateBuilder<string>();
        var passedOn = ImmutableArray.CreateBuilder<string>();
        if (trainer.Steps.Count > 0)
        {
            var step = trainer.Steps[0];
            for (var i = 0; i < step.Parameters.Count; i++)
            {
                var parameter = step.Parameters[i];
                if (!parameter.IsNullable) continue;
                parameters.Add(parameter.Name);
                var intoModel = i == 0 && trainer.Forwards.Count == 0;
                if (!intoModel && EveryUseAcceptsNull(trainer, parameter.Name, includeForward: true)) passedOn.Add(parameter.Name);
            }
        }

        var outputs = ImmutableArray.CreateBuilder<string>();
        if (trainer.Forwards.Count > 0)
        {
            var forward = trainer.Forwards[0];
            if (forward.ReturnKind == ForwardReturnKind.Tensor && forward.ReturnsNullable) outputs.Add(BindingRules.SingleOutputName);
            foreach (var output in forward.Outputs)
            {
                if (output.IsNullable) outputs.Add(output.Name);
            }
            foreach (var output in outputs)
            {
                if (EveryUseAcceptsNull(trainer, output, includeForward: false)) passedOn.Add(output);
            }
        }
        return new NullableSpec(members.ToEquatableArray(), parameters.ToEquatableArray(), outputs.ToEquatableArray(), passedOn.ToEquatableArray());
    }

    /// <summary>
    /// True when every parameter that <paramref name="name"/> binds to — of the losses, the metrics and, for a step parameter, of the
    /// <c>[Forward]</c> — is declared nullable, so a null can be passed on (a value nothing uses is passed on too).
    /// </summary>
    private static bool EveryUseAcceptsNull(TrainerDeclaration trainer, string name, bool includeForward)
    {
        foreach (var loss in trainer.Losses)
        {
            if (!AcceptsNull(loss.Parameters, name)) return false;
        }
        foreach (var metric in trainer.Metrics)
        {
            if (!AcceptsNull(metric.Parameters, name)) return false;
        }
        return !includeForward || trainer.Forwards.Count == 0 || AcceptsNull(trainer.Forwards[0].Parameters, name);
    }

    private static bool AcceptsNull(EquatableArray<ParameterDeclaration> parameters, string name)
    {
        foreach (var parameter in parameters)
        {
            if (parameter.Name == name && !parameter.IsNullable) return false;
        }
        return true;
    }
}
