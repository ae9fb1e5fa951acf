using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace MultiLoss.Benchmarks;

// The aggregation benchmarks' trainers: the weighted trainer's two losses on the workload's MLP, aggregated by one
// method either at the body's parameters ([SharedLayer], the head trained by the weighted total) or at the body's
// output ([AggregateAt("features")]: one backward per loss through the head only, one through the body).
// Every trainer has the same forward, so that the two places compare on the same work: at the body's parameters no loss
// takes `features` (ML0061 says so), by design.
#pragma warning disable ML0061

/// <summary>The workload's MLP with the body's output as a forward output of its own.</summary>
internal static class SplitForward
{
    public static (Tensor features, Tensor output) Of(Workload.Parts parts, Tensor input)
    {
        var features = parts.Body.forward(input);
        return (features, parts.Head.forward(nn.functional.relu(features)));
    }
}

/// <summary>MGDA on the body's parameters.</summary>
[MultiLossTrainer, Mgda]
public partial class MgdaAtBody(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => parts.Body;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>UPGrad on the body's parameters.</summary>
[MultiLossTrainer, UPGrad]
public partial class UpGradAtBody(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => parts.Body;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>DualProj on the body's parameters.</summary>
[MultiLossTrainer, DualProj]
public partial class DualProjAtBody(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => parts.Body;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>CAGrad on the body's parameters.</summary>
[MultiLossTrainer, CAGrad]
public partial class CaGradAtBody(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => parts.Body;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>ImtlG on the body's parameters.</summary>
[MultiLossTrainer, ImtlG]
public partial class ImtlGAtBody(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => parts.Body;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>NashMtl on the body's parameters.</summary>
[MultiLossTrainer, NashMtl]
public partial class NashMtlAtBody(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => parts.Body;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>AlignedMtl on the body's parameters.</summary>
[MultiLossTrainer, AlignedMtl]
public partial class AlignedMtlAtBody(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => parts.Body;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>ConFIG on the body's parameters.</summary>
[MultiLossTrainer, ConFig]
public partial class ConFigAtBody(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => parts.Body;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>GradVac on the body's parameters.</summary>
[MultiLossTrainer, GradVac]
public partial class GradVacAtBody(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => parts.Body;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>MoCo on the body's parameters.</summary>
[MultiLossTrainer, MoCo]
public partial class MoCoAtBody(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => parts.Body;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>DBMtl on the body's parameters.</summary>
[MultiLossTrainer, DBMtl]
public partial class DBMtlAtBody(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => parts.Body;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>FairGrad on the body's parameters.</summary>
[MultiLossTrainer, FairGrad]
public partial class FairGradAtBody(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => parts.Body;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>PCGrad on the body's parameters.</summary>
[MultiLossTrainer, PCGrad]
public partial class PCGradAtBody(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => parts.Body;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>MGDA at the body's output.</summary>
[MultiLossTrainer, Mgda, AggregateAt("features")]
public partial class MgdaAtFeatures(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>UPGrad at the body's output.</summary>
[MultiLossTrainer, UPGrad, AggregateAt("features")]
public partial class UpGradAtFeatures(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>DualProj at the body's output.</summary>
[MultiLossTrainer, DualProj, AggregateAt("features")]
public partial class DualProjAtFeatures(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>CAGrad at the body's output.</summary>
[MultiLossTrainer, CAGrad, AggregateAt("features")]
public partial class CaGradAtFeatures(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>ImtlG at the body's output.</summary>
[MultiLossTrainer, ImtlG, AggregateAt("features")]
public partial class ImtlGAtFeatures(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>NashMtl at the body's output.</summary>
[MultiLossTrainer, NashMtl, AggregateAt("features")]
public partial class NashMtlAtFeatures(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>AlignedMtl at the body's output.</summary>
[MultiLossTrainer, AlignedMtl, AggregateAt("features")]
public partial class AlignedMtlAtFeatures(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>ConFIG at the body's output.</summary>
[MultiLossTrainer, ConFig, AggregateAt("features")]
public partial class ConFigAtFeatures(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>GradVac at the body's output.</summary>
[MultiLossTrainer, GradVac, AggregateAt("features")]
public partial class GradVacAtFeatures(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>FairGrad at the body's output.</summary>
[MultiLossTrainer, FairGrad, AggregateAt("features")]
public partial class FairGradAtFeatures(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>PCGrad at the body's output.</summary>
[MultiLossTrainer, PCGrad, AggregateAt("features")]
public partial class PCGradAtFeatures(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>GradDrop at the body's output.</summary>
[MultiLossTrainer, GradDrop, AggregateAt("features")]
public partial class GradDropAtFeatures(Workload.Parts parts, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = parts.Model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Forward] private (Tensor features, Tensor output) Forward(Tensor input) => SplitForward.Of(parts, input);

    [Loss(weight: Losses.ClassificationWeight)] private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)] private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}
