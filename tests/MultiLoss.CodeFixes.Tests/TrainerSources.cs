using System.Linq;

namespace MultiLoss.CodeFixes.Tests;

/// <summary>Pieces of trainer sources: each case writes its declaration lines and takes the members from here.</summary>
internal static class TrainerSources
{
    public const string Usings = """
        using MultiLoss;
        using TorchSharp;
        using static TorchSharp.torch;

        """;

    /// <summary>
    /// The members of a trainer named <paramref name="name"/> that compiles without warnings once generated,
    /// indented by <paramref name="indent"/> spaces, without a final line break.
    /// </summary>
    public static string Members(string name, int indent) => Indent($$"""
        [Model] private readonly nn.Module<Tensor, Tensor> model;
        [Optimizer] private readonly optim.Optimizer optimizer;

        /// <summary>Creates the trainer.</summary>
        public {{name}}(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
        {
            this.model = model;
            this.optimizer = optimizer;
        }

        [Loss(weight: 0.5)]
        private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

        [Loss(weight: 0.5)]
        private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);
        """, indent);

    private static string Indent(string text, int indent)
    {
        var prefix = new string(' ', indent);
        return string.Join("\n", text.Split('\n').Select(line => line.Length == 0 ? line : prefix + line));
    }
}
