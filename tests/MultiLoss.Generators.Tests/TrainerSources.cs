namespace MultiLoss.Generators.Tests;

/// <summary>
/// The trainer configurations the snapshot, compilation and determinism tests share. Each is a complete
/// source file that compiles without warnings once the generator has added the trainer's step.
/// </summary>
public static class TrainerSources
{
    /// <summary>A configuration: its name (also the snapshot's), its source, and the hint name of the one file it generates.</summary>
    public sealed record Configuration(string Name, string Source, string HintName)
    {
        public override string ToString() => Name;
    }

    public static readonly Configuration TwoLossesWeighted = new(
        nameof(TwoLossesWeighted),
        """
        using MultiLoss;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace Samples;

        /// <summary>Two losses on one output, weighted 0.5 / 0.5.</summary>
        [MultiLossTrainer]
        public partial class TwoLossTrainer
        {
            [Model] private readonly nn.Module<Tensor, Tensor> model;
            [Optimizer] private readonly optim.Optimizer optimizer;

            /// <summary>Creates the trainer.</summary>
            public TwoLossTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
            {
                this.model = model;
                this.optimizer = optimizer;
            }

            [Loss(weight: 0.5)]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 0.5)]
            private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);
        }
        """,
        "Samples.TwoLossTrainer.MultiLoss.g.cs");

    public static readonly Configuration ThreeLossesUnweighted = new(
        nameof(ThreeLossesUnweighted),
        """
        using MultiLoss;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace Samples;

        /// <summary>Three losses, unweighted: a plain sum.</summary>
        [MultiLossTrainer]
        public partial class SumTrainer
        {
            [Model] private readonly nn.Module<Tensor, Tensor> model;
            [Optimizer] private readonly optim.Optimizer optimizer;

            /// <summary>Creates the trainer.</summary>
            public SumTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
            {
                this.model = model;
                this.optimizer = optimizer;
            }

            [Loss]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss]
            private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);

            [Loss(Name = "L2 activity")]
            private Tensor Activity(Tensor output) => output.pow(2).mean();
        }
        """,
        "Samples.SumTrainer.MultiLoss.g.cs");

    public static readonly Configuration MultiOutputForward = new(
        nameof(MultiOutputForward),
        """
        using MultiLoss;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace Samples;

        /// <summary>A two-headed model: each loss binds to one of the forward's named outputs.</summary>
        [MultiLossTrainer]
        public partial class DigitsTrainer
        {
            [Model] private readonly nn.Module<Tensor, (Tensor, Tensor)> net;
            [Optimizer] private readonly optim.Optimizer opt;

            /// <summary>Creates the trainer.</summary>
            public DigitsTrainer(nn.Module<Tensor, (Tensor, Tensor)> net, optim.Optimizer opt)
            {
                this.net = net;
                this.opt = opt;
            }

            /// <summary>One step on a batch of images and their labels.</summary>
            public partial StepResult Step(Tensor images, Tensor labels);

            [Forward]
            private (Tensor logits, Tensor recon) Forward(Tensor images) => net.forward(images);

            [Loss(weight: 1.0)]
            private Tensor Classification(Tensor logits, Tensor labels) => nn.functional.cross_entropy(logits, labels);

            [Loss(weight: 0.1)]
            private Tensor Reconstruction(Tensor recon, Tensor images) => nn.functional.mse_loss(recon, images);
        }
        """,
        "Samples.DigitsTrainer.MultiLoss.g.cs");

    public static readonly Configuration UserDeclaredStep = new(
        nameof(UserDeclaredStep),
        """
        using MultiLoss;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace Samples;

        /// <summary>A user-declared step with its own parameter names.</summary>
        [MultiLossTrainer]
        public partial class ImageTrainer
        {
            [Model] private nn.Module<Tensor, Tensor> Model { get; }
            [Optimizer] private optim.Optimizer Optimizer { get; }

            /// <summary>Creates the trainer.</summary>
            public ImageTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
            {
                Model = model;
                Optimizer = optimizer;
            }

            /// <summary>One step on a batch of images and their labels.</summary>
            public partial StepResult Step(Tensor images, Tensor labels);

            [Loss(weight: 0.75)]
            private Tensor Classification(Tensor output, Tensor labels) => nn.functional.cross_entropy(output, labels);

            [Loss(weight: 0.25)]
            private Tensor Smoothness(Tensor output) => output.diff().abs().mean();
        }
        """,
        "Samples.ImageTrainer.MultiLoss.g.cs");

    public static readonly Configuration NestedInNamespace = new(
        nameof(NestedInNamespace),
        """
        using MultiLoss;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace Samples.Training
        {
            /// <summary>Holds the trainers.</summary>
            public static partial class Trainers
            {
                /// <summary>A trainer nested in a class inside a namespace.</summary>
                [MultiLossTrainer]
                public partial class InnerTrainer
                {
                    [Model] private readonly nn.Module<Tensor, Tensor> model;
                    [Optimizer] private readonly optim.Optimizer optimizer;

                    /// <summary>Creates the trainer.</summary>
                    public InnerTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
                    {
                        this.model = model;
                        this.optimizer = optimizer;
                    }

                    [Loss(weight: 0.5)]
                    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

                    [Loss]
                    private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);
                }
            }
        }
        """,
        "Samples.Training.Trainers.InnerTrainer.MultiLoss.g.cs");

    public static readonly Configuration SingleLossWeighted = new(
        nameof(SingleLossWeighted),
        """
        using MultiLoss;
        using TorchSharp;
        using static TorchSharp.torch;

        /// <summary>One loss with a non-unit weight.</summary>
        [MultiLossTrainer]
        public partial class ScaledTrainer
        {
            [Model] private readonly nn.Module<Tensor, Tensor> model;
            [Optimizer] private readonly optim.Optimizer optimizer;

            /// <summary>Creates the trainer.</summary>
            public ScaledTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
            {
                this.model = model;
                this.optimizer = optimizer;
            }

            [Loss(weight: 2.5)]
            private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);
        }
        """,
        "ScaledTrainer.MultiLoss.g.cs");

    public static readonly Configuration NullableDeclarations = new(
        nameof(NullableDeclarations),
        """
        using MultiLoss;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace Samples;

        /// <summary>
        /// What may be null: the model member (checked), optional class weights every loss taking them accepts as null
        /// (passed on), a mask a loss needs (checked), a loss's result (checked).
        /// </summary>
        [MultiLossTrainer]
        public partial class OptionalInputsTrainer
        {
            [Model] private readonly nn.Module<Tensor, Tensor>? model;
            [Optimizer] private readonly optim.Optimizer optimizer;

            /// <summary>Creates the trainer.</summary>
            public OptionalInputsTrainer(nn.Module<Tensor, Tensor>? model, optim.Optimizer optimizer)
            {
                this.model = model;
                this.optimizer = optimizer;
            }

            /// <summary>One step; <paramref name="classWeights"/> may be null.</summary>
            public partial StepResult Step(Tensor input, Tensor target, Tensor? classWeights, Tensor? mask);

            [Loss]
            private Tensor Classification(Tensor output, Tensor target, Tensor? classWeights) => nn.functional.cross_entropy(output, target, weight: classWeights);

            [Loss(weight: 0.1)]
            private Tensor? Masked(Tensor output, Tensor mask) => output.mul(mask).pow(2).mean();
        }
        """,
        "Samples.OptionalInputsTrainer.MultiLoss.g.cs");

    /// <summary>Every configuration, for tests that run over all of them.</summary>
    public static readonly Configuration[] All =
    [
        TwoLossesWeighted,
        ThreeLossesUnweighted,
        MultiOutputForward,
        UserDeclaredStep,
        NestedInNamespace,
        SingleLossWeighted,
        NullableDeclarations,
    ];
}
