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
        if (trainer.Steps.Count > 0)
        {
            foreach (var parameter in trainer.Steps[0].Parameters)
            {
                if (parameter.IsNullable) parameters.Add(parameter.Name);
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
        }
        return new NullableSpec(members.ToEquatableArray(), parameters.ToEquatableArray(), outputs.ToEquatableArray());
    }
}
