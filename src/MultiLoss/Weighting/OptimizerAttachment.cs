using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Weighting;

/// <summary>Adds a weighting method's own parameter to the user's optimizer as a new parameter group.</summary>
internal static class OptimizerAttachment
{
    /// <summary>
    /// Adds <paramref name="parameter"/> to <paramref name="optimizer"/> as a parameter group with the optimizer's
    /// default options (learning rate, betas, weight decay... as given to its constructor).
    /// </summary>
    /// <exception cref="InvalidOperationException">The optimizer already holds the parameter.</exception>
    /// <exception cref="NotSupportedException">The optimizer cannot take new parameter groups (TorchSharp's native LBFGS).</exception>
    public static void Add(optim.Optimizer optimizer, Parameter parameter, string owner)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (optimizer is OptimizerHelper)
        {
            // A managed optimizer lists the Parameter objects it was given.
            foreach (var existing in optimizer.parameters())
            {
                if (ReferenceEquals(existing, parameter))
                {
                    throw new InvalidOperationException($"The {owner} parameter is already attached to this optimizer; attaching it twice would update it twice per step.");
                }
            }
        }
        var group = GroupFor(optimizer, parameter) ?? throw new NotSupportedException(
            $"{optimizer.GetType().Name} cannot take a new parameter group here, so the {owner} parameter cannot be attached to it. " +
            "TorchSharp's managed optimizers can: SGD, Adam, AdamW, Adamax, Adadelta, Adagrad, ASGD, NAdam, RAdam, RMSProp, Rprop " +
            "(LBFGS, a native optimizer, cannot). Use one of those, or train the parameter with an optimizer of its own.");
        optimizer.add_param_group(group);
    }

    /// <summary>
    /// A parameter group of the optimizer's own type with no options: each managed optimizer's <c>step</c> casts its
    /// groups to its nested <c>ParamGroup</c> type (a plain <see cref="ParamGroup"/> would fail there with a
    /// <see cref="NullReferenceException"/>), and its <c>add_param_group</c> fills options left unset with the defaults
    /// it was constructed with. The nested types' constructors that take options would set their own defaults instead.
    /// </summary>
    private static ParamGroup? GroupFor(optim.Optimizer optimizer, Parameter parameter)
    {
        var parameters = new[] { parameter };
        return optimizer switch
        {
            SGD => new SGD.ParamGroup { Parameters = parameters },
            AdamW => new AdamW.ParamGroup { Parameters = parameters },
            Adam => new Adam.ParamGroup { Parameters = parameters },
            Adamax => new Adamax.ParamGroup { Parameters = parameters },
            Adadelta => new Adadelta.ParamGroup { Parameters = parameters },
            Adagrad => new Adagrad.ParamGroup { Parameters = parameters },
            ASGD => new ASGD.ParamGroup { Parameters = parameters },
            NAdam => new NAdam.ParamGroup { Parameters = parameters },
            RAdam => new RAdam.ParamGroup { Parameters = parameters },
            RMSProp => new RMSProp.ParamGroup { Parameters = parameters },
            Rprop => new Rprop.ParamGroup { Parameters = parameters },
            _ => null,
        };
    }

    /// <summary>The first parameter of <paramref name="optimizer"/>: where a method creates its own parameter.</summary>
    public static (Device Device, ScalarType DType) PlacementOf(optim.Optimizer optimizer, string owner)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        foreach (var parameter in optimizer.parameters())
        {
            var placement = (parameter.device, parameter.dtype);
            // A native optimizer hands out new wrappers; a managed one its own Parameter objects, which stay alive.
            if (optimizer is not OptimizerHelper) parameter.Dispose();
            return placement;
        }
        throw new ArgumentException($"The optimizer has no parameters, so there is no device to create the {owner} parameter on.", nameof(optimizer));
    }
}
