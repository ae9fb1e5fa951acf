using System;
using System.IO;
using System.Text.RegularExpressions;

namespace MultiLoss.Package.Tests;

/// <summary>
/// A console project, written from scratch in its own folder outside the repository, that takes MultiLoss from a
/// local package folder and TorchSharp-cpu from this machine's package sources, and trains a two-loss trainer for
/// ten steps, printing one line per step.
/// </summary>
internal static class FreshProject
{
    public const string Namespace = "PackageCheck";
    public const string Trainer = "TwoLossTrainer";
    public const int Steps = 10;

    /// <summary>Writes the project into <paramref name="folder"/>.</summary>
    public static void Write(string folder, string packageFolder, string multiLossVersion, string torchSharpVersion)
    {
        IsolatedFolder.Write(folder, packageFolder);
        File.WriteAllText(Path.Combine(folder, "App.csproj"), ProjectFile($"""
            <ItemGroup>
              <PackageReference Include="MultiLoss" Version="[{multiLossVersion}]" />
              <PackageReference Include="TorchSharp-cpu" Version="{torchSharpVersion}" />
            </ItemGroup>
            """));
        File.WriteAllText(Path.Combine(folder, "Program.cs"), Program);
    }

    /// <summary>The project file, with <paramref name="packageReferences"/> (an <c>ItemGroup</c>) as its references.</summary>
    public static string ProjectFile(string packageReferences) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
            <NuGetAudit>false</NuGetAudit>
          </PropertyGroup>
        {packageReferences}
        </Project>

        """;

    /// <summary>The generated file of the trainer, where the README says to find it.</summary>
    public static string GeneratedFile(string folder) => Path.Combine(folder, "obj", "Release", "net10.0", "generated",
        "MultiLoss.Generators", "MultiLoss.Generators.MultiLossGenerator", $"{Namespace}.{Trainer}.MultiLoss.g.cs");

    /// <summary>The path of the built program.</summary>
    public static string Assembly(string folder) => Path.Combine(folder, "bin", "Release", "net10.0", "App.dll");

    /// <summary>A line the program prints per step; group <c>total</c> is the step's total loss.</summary>
    public static readonly Regex StepLine = new(
        @"^step (?<step>\d+) total (?<total>\S+) classification (?<classification>\S+) confidence (?<confidence>\S+)$");

    private const string Program = """
        using System.Globalization;
        using MultiLoss;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace PackageCheck;

        [MultiLossTrainer]
        public partial class TwoLossTrainer
        {
            [Model] private readonly nn.Module<Tensor, Tensor> model;
            [Optimizer] private readonly optim.Optimizer optimizer;

            public TwoLossTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
            { this.model = model; this.optimizer = optimizer; }

            [Loss(weight: 1.0)]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 0.1)]
            private Tensor Confidence(Tensor output) => output.pow(2).mean();
        }

        public static class Program
        {
            public static int Main()
            {
                torch.manual_seed(7);
                torch.set_num_threads(1);
                var model = nn.Sequential(("hidden", nn.Linear(8, 32)), ("relu", nn.ReLU()), ("out", nn.Linear(32, 3)));
                using var input = torch.randn(64, 8);
                using var target = input.narrow(1, 0, 3).argmax(1);   // the class is the largest of the first three features
                using var trainer = new TwoLossTrainer(model, optim.Adam(model.parameters(), lr: 0.01));
                for (var step = 1; step <= 10; step++)
                {
                    var r = trainer.Step(input, target);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"step {step} total {r.Total:R} classification {r.Classification:R} confidence {r.Confidence:R}"));
                }
                return 0;
            }
        }

        """;
}
