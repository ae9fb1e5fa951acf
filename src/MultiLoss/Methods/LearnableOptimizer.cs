using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

/// <summary>
/// The optimizer that trains a method's learnable weights: of the trainer's optimizer's type, with one parameter group
/// whose options are the very object of the trainer's optimizer's first group.
/// </summary>
/// <remarks>
/// Sharing the options object means the weights take the model's learning rate, betas and weight decay, and follow any
/// change to them: a learning-rate scheduler (it sets the group's learning rate, which is the options' value) and
/// <c>load_state_dict</c> on the trainer's optimizer (it loads into the existing options). The trainer's optimizer itself
/// is never changed, so its state dictionary fits a fresh optimizer over the model in any load order. Per-parameter
/// optimizers (all of TorchSharp's managed ones) step each parameter from its own state, so stepping the weights here
/// gives the same numbers as a second group of the trainer's optimizer would.
/// </remarks>
internal static class LearnableOptimizer
{
    /// <exception cref="NotSupportedException">The trainer's optimizer is not one of TorchSharp's managed optimizers.</exception>
    public static OptimizerHelper Create(optim.Optimizer trainerOptimizer, IReadOnlyList<Parameter> parameters, string owner)
    {
        var options = trainerOptimizer is OptimizerHelper ? ((ParamGroup?)trainerOptimizer.ParamGroups.FirstOrDefault())?.Options : null;
        var learnable = new List<Parameter>(parameters);
        // Adding the group sets the options' initial learning rate to the current one: put the trainer's back, which a
        // scheduler created later (on resume) starts from.
        var initialLearningRate = options?.InitialLearningRate;
        OptimizerHelper optimizer = (trainerOptimizer, options) switch
        {
            (SGD, SGD.Options o) => new SGD([new SGD.ParamGroup { Parameters = learnable, Options = o }], o.LearningRate ?? 0.01),
            (AdamW, AdamW.Options o) => new AdamW([new AdamW.ParamGroup { Parameters = learnable, Options = o }]),
            (Adam, Adam.Options o) => new Adam([new Adam.ParamGroup { Parameters = learnable, Options = o }]),
            (Adamax, Adamax.Options o) => new Adamax([new Adamax.ParamGroup { Parameters = learnable, Options = o }]),
            (Adadelta, Adadelta.Options o) => new Adadelta([new Adadelta.ParamGroup { Parameters = learnable, Options = o }]),
            (Adagrad, Adagrad.Options o) => new Adagrad([new Adagrad.ParamGroup { Parameters = learnable, Options = o }]),
            (ASGD, ASGD.Options o) => new ASGD([new ASGD.ParamGroup { Parameters = learnable, Options = o }]),
            (NAdam, NAdam.Options o) => new NAdam([new NAdam.ParamGroup { Parameters = learnable, Options = o }]),
            (RAdam, RAdam.Options o) => new RAdam([new RAdam.ParamGroup { Parameters = learnable, Options = o }]),
            (RMSProp, RMSProp.Options o) => new RMSProp([new RMSProp.ParamGroup { Parameters = learnable, Options = o }]),
            (Rprop, Rprop.Options o) => new Rprop([new Rprop.ParamGroup { Parameters = learnable, Options = o }]),
            _ => throw new NotSupportedException(
                $"The {owner} has learnable weights, which are trained with the options of the trainer's optimizer, but " +
                $"{trainerOptimizer.GetType().Name} is not one of TorchSharp's managed optimizers (SGD, Adam, AdamW, Adamax, Adadelta, " +
                "Adagrad, ASGD, NAdam, RAdam, RMSProp, Rprop). Use one of those for the model, or a method without learnable weights."),
        };
        if (options is not null) options.InitialLearningRate = initialLearningRate!.Value;
        return optimizer;
    }
}
