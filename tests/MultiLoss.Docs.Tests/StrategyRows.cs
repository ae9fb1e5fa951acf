using System.Collections.Generic;

namespace MultiLoss.Docs.Tests;

/// <summary>
/// For each row of the README's strategy table (by its first cell), a trainer declared the way the row's declaration
/// cell says. The first code span of that cell must occur in it, so the row and the trainer cannot drift apart.
/// L1 and L2 are the losses the table's "one step" column names.
/// </summary>
internal static class StrategyRows
{
    private const string Usings = "using MultiLoss;\nusing TorchSharp;\nusing static TorchSharp.torch;\n\n";

    private const string Members = """
            [Model] nn.Module<Tensor, Tensor> model = null!;
            [Optimizer] optim.Optimizer optimizer = null!;
        """;

    private const string L1 = "Tensor L1(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);";
    private const string L2 = "Tensor L2(Tensor output) => output.pow(2).mean();";

    public static IReadOnlyDictionary<string, string> Sources { get; } = new Dictionary<string, string>
    {
        ["sum"] = Trainer("[MultiLossTrainer]", $"[Loss] {L1}", $"[Loss] {L2}"),
        ["weighted sum"] = Trainer("[MultiLossTrainer]", $"[Loss(weight: 0.5)] {L1}", $"[Loss(weight: 0.5)] {L2}"),
        ["separate backward"] = Trainer("[MultiLossTrainer(Backward = BackwardMode.Separate)]", $"[Loss(weight: 0.5)] {L1}", $"[Loss(weight: 0.5)] {L2}"),
        ["threshold gate"] = Trainer("[MultiLossTrainer]", $"[Loss] {L1}", $"[Loss]\n    [GateOn(0.3)] {L2}"),
        ["phases"] = Trainer("[MultiLossTrainer]\n[Phase(1, Steps = 1000)]\n[Phase(2, Backward = BackwardMode.Separate)]",
            $"[Loss] {L1}", $"[Loss, Phase(2)] {L2}"),
        ["multi-output models"] = Trainer("[MultiLossTrainer]",
            "[Forward] (Tensor logits, Tensor recon) Forward(Tensor input) => (model.forward(input), model.forward(input));",
            "[Loss] Tensor L1(Tensor logits, Tensor target) => nn.functional.cross_entropy(logits, target);",
            "[Loss(0.5)] Tensor L2(Tensor recon, Tensor input) => nn.functional.mse_loss(recon, input);"),
        ["gate without host sync"] = Trainer("[MultiLossTrainer]", $"[Loss] {L1}", $"[Loss]\n    [GateOn(0.3, Evaluation = GateEvaluation.Device)] {L2}"),
        ["NaN guard"] = Trainer("[MultiLossTrainer]\n[SkipNonFinite]", $"[Loss] {L1}", $"[Loss(0.5)] {L2}"),
        ["clipping, accumulation"] = Trainer("[MultiLossTrainer]\n[ClipGradNorm(1.0)]\n[AccumulateGradients(4)]", $"[Loss] {L1}", $"[Loss(0.5)] {L2}"),
        ["weight warm-up"] = Trainer("[MultiLossTrainer]", $"[Loss] {L1}", $"[Loss(0.5, WarmupSteps = 1000)] {L2}"),
        ["one module only"] = Trainer("[MultiLossTrainer]", "nn.Module<Tensor, Tensor> head = null!;", $"[Loss] {L1}", $"[Loss(0.5, Updates = nameof(head))] {L2}"),
        ["uncertainty weighting"] = Trainer("[MultiLossTrainer]\n[UncertaintyWeighting]", $"[Loss] {L1}", $"[Loss] {L2}"),
        ["dynamic weight average"] = Trainer("[MultiLossTrainer]\n[DynamicWeightAverage]", $"[Loss] {L1}", $"[Loss] {L2}",
            "void Epochs() => this.EndEpoch();   // trainer.EndEpoch() after each epoch"),
        ["GradNorm"] = Trainer("[MultiLossTrainer]\n[GradNorm]", "[SharedLayer] nn.Module<Tensor, Tensor> Body => model;",
            $"[Loss] {L1}", $"[Loss] {L2}"),
        ["random loss weighting"] = Trainer("[MultiLossTrainer]\n[RandomLossWeighting(Seed = 0)]", $"[Loss] {L1}", $"[Loss] {L2}"),
        ["gradient surgery"] = Trainer("[MultiLossTrainer]\n[PCGrad]", "[SharedLayer] nn.Module<Tensor, Tensor> Body => model;",
            $"[Loss] {L1}", $"[Loss(0.5)] {L2}"),
        ["representation mode"] = Trainer("[MultiLossTrainer]\n[UPGrad, AggregateAt(\"features\")]",
            "[Forward] (Tensor features, Tensor output) Forward(Tensor input) { var features = input.tanh(); return (features, model.forward(features)); }",
            $"[Loss] {L1}", $"[Loss(0.5)] {L2}"),
    };

    private static string Trainer(string attributes, params string[] members) =>
        $"{Usings}{attributes}\npublic partial class RowTrainer\n{{\n{Members}\n    {string.Join("\n    ", members)}\n}}\n";
}
