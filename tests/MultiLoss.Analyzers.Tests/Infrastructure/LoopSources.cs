namespace MultiLoss.Analyzers.Tests.Infrastructure;

/// <summary>Wraps the code of a test into a file: the usings every TorchSharp file has, and a method to hold a loop.</summary>
internal static class LoopSources
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using MultiLoss;
        using TorchSharp;
        using static TorchSharp.torch;

        """;

    /// <summary>
    /// <paramref name="body"/> as the body of <c>Train</c>, which gets a model, its optimizer, a batch (x, y) and a
    /// step count, in a static class with two loss helpers.
    /// </summary>
    public static string Method(string body) => Usings + $$"""
        namespace Samples;

        public static class Training
        {
            public static void Train(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x, Tensor y, int steps)
            {
        {{Indent(body, 8)}}
            }

            private static Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            private static Tensor Confidence(Tensor output) => output.pow(2).mean();
        }

        """;

    private static string Indent(string code, int spaces)
    {
        var pad = new string(' ', spaces);
        var lines = code.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        for (var i = 0; i < lines.Length; i++) lines[i] = lines[i].Length == 0 ? lines[i] : pad + lines[i];
        return string.Join("\n", lines);
    }
}
