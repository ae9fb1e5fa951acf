using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace MultiLoss.Package.Tests;

/// <summary>
/// The package docs' blocks as a user meets them (docs/writing-docs.md, "Code blocks"): the template package's readme
/// run as written in a fresh folder whose nuget.config takes the MultiLoss packages from the packed ones, with a
/// template cache of its own; then the readme of the project it made, in that project; the package references of the
/// README and of src/MultiLoss/PACKAGE.md, as written, in a fresh project restored from MultiLoss packed as the README's
/// "By hand" says (its default version, which the references name). The README's template flow is
/// <see cref="ReadmeTemplateFlowTests"/>.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PackageDocsTests
{
    private static readonly TimeSpan FlowTimeout = TimeSpan.FromMinutes(10);

    /// <summary>MultiLoss packed as the README's "By hand" says, in its default version.</summary>
    private string byHandPackages = null!;
    private string byHandVersion = null!;

    [OneTimeSetUp]
    public void PackByHand()
    {
        byHandPackages = Path.Combine(LocalFeed.WorkFolder, "by-hand-packages");
        var pack = ChildProcess.Dotnet(LocalFeed.RepoRoot, FlowTimeout, null,
            "pack", Path.Combine(LocalFeed.RepoRoot, "src", "MultiLoss", "MultiLoss.csproj"), "-c", "Release", "-o", byHandPackages,
            "--artifacts-path", Path.Combine(LocalFeed.WorkFolder, "artifacts"), "-nodeReuse:false", "-tl:off");
        Assert.That(pack.ExitCode, Is.Zero, pack.Describe());
        var package = Directory.GetFiles(byHandPackages, "MultiLoss.*.nupkg").Single();
        byHandVersion = Path.GetFileNameWithoutExtension(package)["MultiLoss.".Length..];
        // NuGet's global packages folder keeps a package by id and version: a MultiLoss of this version restored
        // before (from an older build) would stand in for the one packed now.
        ForgetCachedByHandVersion();
    }

    [OneTimeTearDown]
    public void ForgetCachedByHandVersion()
    {
        if (byHandVersion is null) return;
        var extracted = Path.Combine(LocalFeed.GlobalPackagesFolder(), "multiloss", byHandVersion.ToLowerInvariant());
        if (Directory.Exists(extracted)) Directory.Delete(extracted, recursive: true);
    }

    [Test]
    public void Every_command_and_package_reference_block_of_the_package_docs_is_one_these_tests_run()
    {
        var blocks = PackageDocBlocks.All().Select(b => $"{b.Doc}: {b.Info}");

        Assert.That(blocks, Is.EquivalentTo(new[]
        {
            "README.md: sh",                                      // ReadmeTemplateFlowTests
            "README.md: xml",                                     // The_package_references_restore_build_and_train
            PackageDocBlocks.LibraryPackageReadme + ": xml",      // The_package_references_restore_build_and_train
            PackageDocBlocks.TemplatePackageReadme + ": sh",      // The_template_package_readme_and_then_its_projects_readme_run_as_written
            PackageDocBlocks.TemplateProjectReadme + ": sh",      // The_template_package_readme_and_then_its_projects_readme_run_as_written
        }), "a block these tests do not run would be checked by nothing");
    }

    [Test]
    public void The_template_package_readme_and_then_its_projects_readme_run_as_written()
    {
        var user = Path.Combine(LocalFeed.WorkFolder, "template-readme", "user");
        var home = Path.Combine(LocalFeed.WorkFolder, "template-readme", "cli-home");
        Directory.CreateDirectory(user);
        Directory.CreateDirectory(home);
        IsolatedFolder.Write(user, LocalFeed.PackageFolder);
        var cliHome = new Dictionary<string, string> { ["DOTNET_CLI_HOME"] = home };

        var flow = RunBlock(PackageDocBlocks.Single(PackageDocBlocks.TemplatePackageReadme, "sh"), user, cliHome);

        Assert.That(flow.ExitCode, Is.Zero, $"{PackageDocBlocks.TemplatePackageReadme}'s block, from a fresh folder: " + flow.Describe());
        Assert.That(flow.Output, Does.Contain($"MultiLoss.Templates@{LocalFeed.Version}"), "the template installed is the one packed here; " + flow.Describe());
        Assert.That(flow.Output, Does.Contain("step  200  classification"), "the project trained its 200 steps; " + flow.Describe());
        TestContext.Progress.WriteLine($"{PackageDocBlocks.TemplatePackageReadme}'s block: {flow.Elapsed.TotalSeconds:F1} s");

        var project = Path.Combine(user, "MyTrainer");
        var again = RunBlock(PackageDocBlocks.Single(PackageDocBlocks.TemplateProjectReadme, "sh"), project, cliHome);

        Assert.That(again.ExitCode, Is.Zero, $"{PackageDocBlocks.TemplateProjectReadme}'s block, from the project it describes: " + again.Describe());
        Assert.That(again.Output, Does.Contain("step  200  classification"), "the project trained its 200 steps; " + again.Describe());
        TestContext.Progress.WriteLine($"{PackageDocBlocks.TemplateProjectReadme}'s block: {again.Elapsed.TotalSeconds:F1} s");
    }

    [TestCase("README.md")]
    [TestCase(PackageDocBlocks.LibraryPackageReadme)]
    public void The_package_references_restore_build_and_train(string doc)
    {
        var references = PackageDocBlocks.Single(doc, "xml");
        var project = Path.Combine(LocalFeed.WorkFolder, "by-hand", Path.GetFileNameWithoutExtension(doc).ToLowerInvariant());
        Directory.CreateDirectory(project);
        FreshProject.Write(project, byHandPackages, byHandVersion, LocalFeed.TorchSharpVersion);
        // The doc's block as written: the README's is an ItemGroup, the package readme's the references that go in one.
        var itemGroup = references.TrimStart().StartsWith("<ItemGroup>", StringComparison.Ordinal) ? references : $"<ItemGroup>\n{references}\n</ItemGroup>";
        File.WriteAllText(Path.Combine(project, "App.csproj"), FreshProject.ProjectFile(itemGroup));

        var build = ChildProcess.Dotnet(project, FlowTimeout, null, "build", "-c", "Release", "-p:NuGetAudit=false", "-nodeReuse:false", "-tl:off");
        Assert.That(build.ExitCode, Is.Zero, $"a project with {doc}'s package references:\n{itemGroup}\n" + build.Describe());
        var run = ChildProcess.Dotnet(project, FlowTimeout, null, FreshProject.Assembly(project));

        Assert.That(run.ExitCode, Is.Zero, run.Describe());
        Assert.That(run.Output, Does.Contain($"step {FreshProject.Steps} total"), run.Describe());
    }

    private static ChildProcess RunBlock(string block, string folder, IReadOnlyDictionary<string, string> environment)
        => ChildProcess.Run("bash", folder, FlowTimeout, environment, "-c", "set -euo pipefail\n" + block);
}
