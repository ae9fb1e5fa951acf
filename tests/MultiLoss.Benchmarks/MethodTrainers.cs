using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace MultiLoss.Benchmarks;

// The method benchmarks' trainers: the weighted trainer's two losses, each weighed or aggregated by one method.
// Every parameter of the model is shared (the workload's model has one output for both losses).

/// <summary>Uncertainty weighting.</summary>
[MultiLossTrainer, UncertaintyWeighting]
public partial class UncertaintyMethodTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Loss(weight: Losses.ClassificationWeight)]
    private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)]
    private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>Dynamic weight average (no epoch ends while measured: the weights stay the declared ones).</summary>
[MultiLossTrainer, DynamicWeightAverage]
public partial class DwaMethodTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Loss(weight: Losses.ClassificationWeight)]
    private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)]
    private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>Random loss weighting.</summary>
[MultiLossTrainer, RandomLossWeighting]
public partial class RlwMethodTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Loss(weight: Losses.ClassificationWeight)]
    private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)]
    private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>FAMO: one more forward pass per step, without a backward pass.</summary>
[MultiLossTrainer, Famo]
public partial class FamoMethodTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Loss(weight: Losses.ClassificationWeight)]
    private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)]
    private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>GradNorm, the whole model as the shared layer: one more backward pass per loss.</summary>
[MultiLossTrainer, GradNorm]
public partial class GradNormMethodTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Shared => model;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Loss(weight: Losses.ClassificationWeight)]
    private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)]
    private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>PCGrad over every parameter: one backward pass per loss.</summary>
[MultiLossTrainer, PCGrad]
public partial class PCGradMethodTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Loss(weight: Losses.ClassificationWeight)]
    private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)]
    private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>GLS: the geometric mean of the losses.</summary>
[MultiLossTrainer, GeometricLossStrategy]
public partial class GlsMethodTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Loss(weight: Losses.ClassificationWeight)]
    private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)]
    private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>STCH (in its warm-up while measured: no epoch ends, so the total is Σ w_i·log L_i).</summary>
[MultiLossTrainer, SmoothTchebycheff]
public partial class StchMethodTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Loss(weight: Losses.ClassificationWeight)]
    private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)]
    private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>IMTL-L: learnable loss scales.</summary>
[MultiLossTrainer, ImpartialLossScaling]
public partial class ImtlLMethodTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Loss(weight: Losses.ClassificationWeight)]
    private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)]
    private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>The scale-invariant log loss.</summary>
[MultiLossTrainer, ScaleInvariantLogLoss]
public partial class LogLossMethodTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Loss(weight: Losses.ClassificationWeight)]
    private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)]
    private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>ExcessMTL over every parameter: one more backward pass per loss for the excess risks.</summary>
[MultiLossTrainer, ExcessMtl]
public partial class ExcessMtlMethodTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Loss(weight: Losses.ClassificationWeight)]
    private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)]
    private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}
