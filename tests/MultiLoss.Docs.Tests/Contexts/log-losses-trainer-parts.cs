// The parts of the trainer that the doc's "// ..." stands for: the model, the optimizer, the step and the forward whose
// outputs (logits, recon) and parameters (input, labels) the doc's losses take, in a second part of its partial class.
using MultiLoss;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

/* the doc's block */

public partial class Trainer(nn.Module<Tensor, Tensor> body, nn.Module<Tensor, Tensor> classifier, nn.Module<Tensor, Tensor> decoder, optim.Optimizer optimizer)
{
    [Model] private readonly Sequential model = nn.Sequential(("body", body), ("classifier", classifier), ("decoder", decoder));
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward]
    private (Tensor logits, Tensor recon) Forward(Tensor input)
    {
        var features = body.forward(input);
        return (classifier.forward(features), decoder.forward(features));
    }
}
