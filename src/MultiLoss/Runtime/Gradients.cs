using System;
using System.Collections.Generic;
using System.ComponentModel;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Runtime;

/// <summary>What a generated step does with the gradients of the parameters its optimizer steps.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Gradients
{
    /// <summary>
    /// Sets the gradient of every parameter <paramref name="optimizer"/> steps to none, as PyTorch's
    /// <c>zero_grad(set_to_none=True)</c> (its default since 2.0) does. A parameter that then gets no gradient this step
    /// (a head whose loss is switched off by a gate, a phase or <c>Updates</c>) is skipped by the optimizer's step, so
    /// Adam's momentum does not move it, and a run resumed from saved weights (whose gradients are none) continues
    /// exactly. TorchSharp's own <c>zero_grad()</c> fills the gradients with zeros instead.
    /// </summary>
    public static void SetToNone(optim.Optimizer optimizer)
    {
        if (optimizer is not OptimizerHelper)
        {
            // A native optimizer hands out new parameter wrappers; it keeps TorchSharp's semantics.
            optimizer.zero_grad();
            return;
        }
        foreach (var group in optimizer.ParamGroups)
        {
            foreach (var parameter in ((ParamGroup)group).Parameters) parameter.grad = null;
        }
    }

    /// <summary>
    /// The gradients <paramref name="optimizer"/>'s parameters hold, as a trainer state's values: for each parameter in
    /// order, 0 for none, or 1 followed by its elements. Saved in the middle of an accumulation cycle, when the
    /// gradients of the cycle's first calls are part of the training state.
    /// </summary>
    public static double[] SaveValues(optim.Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var values = new List<double>();
        foreach (var parameter in optimizer.parameters())
        {
            using var gradient = parameter.grad;
            if (gradient is null)
            {
                values.Add(0);
                continue;
            }
            values.Add(1);
            using var scope = torch.NewDisposeScope();
            values.AddRange(gradient.detach().to(ScalarType.Float64, CPU).contiguous().data<double>().ToArray());
        }
        return values.ToArray();
    }

    /// <summary>Gives <paramref name="optimizer"/>'s parameters the gradients taken by <see cref="SaveValues"/>.</summary>
    /// <exception cref="ArgumentException">The values do not fit the optimizer's parameters.</exception>
    public static void RestoreValues(optim.Optimizer optimizer, double[] values)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(values);
        var position = 0;
        var index = 0;
        foreach (var parameter in optimizer.parameters())
        {
            if (position >= values.Length) throw Mismatch(index);
            var present = values[position++];
            if (present == 0)
            {
                parameter.grad = null;
            }
            else
            {
                var count = parameter.numel();
                if (present != 1 || values.Length - position < count) throw Mismatch(index);
                using var scope = torch.NewDisposeScope();
                parameter.grad = torch.tensor(values.AsSpan(position, (int)count).ToArray(), dtype: ScalarType.Float64)
                    .reshape(parameter.shape)
                    .to(parameter.dtype, parameter.device);
                position += (int)count;
            }
            index++;
        }
        if (position != values.Length) throw Mismatch(index);
    }

    private static ArgumentException Mismatch(int parameter) => new(
        $"The saved gradients do not fit this optimizer's parameters (from parameter {parameter} on): restore a state saved with the same model and optimizer.",
        "values");
}
