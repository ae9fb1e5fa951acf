namespace MultiLoss.Generators.Parsing;

/// <summary>Metadata names of the runtime attributes and TorchSharp types the parser looks for.</summary>
internal static class KnownNames
{
    public const string TrainerAttribute = "MultiLoss.MultiLossTrainerAttribute";
    public const string ModelAttribute = "MultiLoss.ModelAttribute";
    public const string OptimizerAttribute = "MultiLoss.OptimizerAttribute";
    public const string LossAttribute = "MultiLoss.LossAttribute";
    public const string MetricAttribute = "MultiLoss.MetricAttribute";
    public const string ForwardAttribute = "MultiLoss.ForwardAttribute";
    public const string PhaseAttribute = "MultiLoss.PhaseAttribute";
    public const string GateOnAttribute = "MultiLoss.GateOnAttribute";
    public const string SkipNonFiniteAttribute = "MultiLoss.SkipNonFiniteAttribute";
    public const string ClipGradNormAttribute = "MultiLoss.ClipGradNormAttribute";
    public const string AccumulateGradientsAttribute = "MultiLoss.AccumulateGradientsAttribute";
    public const string SharedLayerAttribute = "MultiLoss.SharedLayerAttribute";
    public const string AggregateAtAttribute = "MultiLoss.AggregateAtAttribute";
    public const string MethodMemberAttribute = "MultiLoss.MethodAttribute";
    public const string TrainingMethodAttribute = "MultiLoss.TrainingMethodAttribute";

    /// <summary>The runtime's buffer of a step's values, and its constant capacity.</summary>
    public const string StepValues = "MultiLoss.Runtime.StepValues";
    public const string StepValuesMaxCount = "MaxCount";

    public const string Tensor = "TorchSharp.torch+Tensor";
    public const string Module = "TorchSharp.torch+nn+Module";
    public const string ModuleOfInputOutput = "TorchSharp.torch+nn+Module`2";
    public const string Optimizer = "TorchSharp.torch+optim+Optimizer";

    /// <summary>The result type the generator emits inside each trainer; a declared step returns it.</summary>
    public const string StepResult = "StepResult";
}
