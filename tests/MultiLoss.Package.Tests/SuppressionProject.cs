using System.IO;

namespace MultiLoss.Package.Tests;

/// <summary>
/// A library project, written from scratch outside the repository, with three trainers that each get one MultiLoss
/// warning: one silenced by <c>#pragma warning disable</c>, one by an <c>.editorconfig</c> severity, one left as it is.
/// It is only built, never run, so it needs no TorchSharp backend.
/// </summary>
internal static class SuppressionProject
{
    /// <summary>A gate threshold of 0 (ML0049), inside <c>#pragma warning disable ML0049</c>.</summary>
    public const string SilencedByPragma = "ML0049";

    /// <summary>Separate backward with one loss (ML0026), set to <c>none</c> in <c>.editorconfig</c>.</summary>
    public const string SilencedByEditorConfig = "ML0026";

    /// <summary>The last phase has an end (ML0031), not silenced.</summary>
    public const string Reported = "ML0031";

    public static void Write(string folder, string packageFolder, string multiLossVersion)
    {
        IsolatedFolder.Write(folder, packageFolder);
        File.WriteAllText(Path.Combine(folder, "Library.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MultiLoss" Version="[{multiLossVersion}]" />
              </ItemGroup>
            </Project>

            """);
        File.WriteAllText(Path.Combine(folder, ".editorconfig"), $"""
            root = true

            [*.cs]
            dotnet_diagnostic.{SilencedByEditorConfig}.severity = none

            """);
        File.WriteAllText(Path.Combine(folder, "Trainers.cs"), Trainers);
    }

    private const string Trainers = """
        using MultiLoss;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace SuppressionCheck;

        [MultiLossTrainer]
        public partial class PragmaTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
        {
            [Model] private readonly nn.Module<Tensor, Tensor> model = model;
            [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

            [Loss] private Tensor Reward(Tensor output, Tensor target) => nn.functional.mse_loss(output, target).neg();

        #pragma warning disable ML0049 // the watched loss is negative: 0 is meant
            [Loss, GateOn(0)]
        #pragma warning restore ML0049
            private Tensor Penalty(Tensor output) => output.abs().mean();
        }

        [MultiLossTrainer(Backward = BackwardMode.Separate)]
        public partial class EditorConfigTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
        {
            [Model] private readonly nn.Module<Tensor, Tensor> model = model;
            [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

            [Loss] private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);
        }

        [MultiLossTrainer]
        [Phase(1, Steps = 10)]
        public partial class ReportedTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
        {
            [Model] private readonly nn.Module<Tensor, Tensor> model = model;
            [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

            [Loss] private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);
        }

        """;
}
