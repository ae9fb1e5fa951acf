using System.IO;
using MultiLoss;
using static TorchSharp.torch;

namespace SeedStrategies;

// The seed hand-writes a step counter and two loops: N steps of (0.7 * L1 + 0.3 * L2).backward(), then separate
// backwards with retain_graph. Here two [Phase] declarations say the same; the trainer counts steps, switches phase
// and reports it (r.Phase; settable: trainer.Phase = 2). Both backwards give the same gradients, so no kink at 20.
[MultiLossTrainer]
[Phase(1, Backward = BackwardMode.Combined, Steps = PhaseOneSteps)]
[Phase(2, Backward = BackwardMode.Separate)]
public partial class PhasedTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    public const int PhaseOneSteps = 20;

    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss(weight: 0.7)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.3)]
    private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);
}

public static class Phased
{
    public static void Run(TextWriter log, Device device)
    {
        using var model = SyntheticTask.CreateModel(device);
        using var optimizer = optim.SGD(model.parameters(), learningRate: 0.5);
        using var trainer = new PhasedTrainer(model, optimizer);
        using var data = SyntheticTask.CreateData(model);
        for (var i = 0; i < SyntheticTask.Steps; i++)
        {
            var r = trainer.Step(data.Input, data.Target);
            if (SyntheticTask.ShouldPrint(r.StepNumber)) log.WriteLine(r);
        }
    }
}
