using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MultiLoss.Docs.Tests.Infrastructure;
using NUnit.Framework;

namespace MultiLoss.Package.Tests;

/// <summary>
/// The README's template flow ("From the template"), run exactly as written in a copy of the repository's sources: its
/// shell block, from the repository's root, through bash. The template cache is a folder of the test's own
/// (<c>DOTNET_CLI_HOME</c>), so the machine's templates are left alone.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ReadmeTemplateFlowTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    [Test]
    public void The_template_flow_in_the_README_packs_creates_and_trains()
    {
        var root = Path.Combine(LocalFeed.WorkFolder, "readme");
        var repository = Path.Combine(root, "repository");
        PackageSourcesCopy.Make(repository, PackageSourcesCopy.Sources);
        var block = ShellBlock(File.ReadAllText(Path.Combine(LocalFeed.RepoRoot, "README.md")), "**From the template.**");
        var script = Path.Combine(root, "template-flow.sh");
        File.WriteAllText(script, "set -euo pipefail\n" + block);
        var home = Path.Combine(root, "cli-home");
        Directory.CreateDirectory(home);

        var run = ChildProcess.Run("bash", repository, Timeout, new Dictionary<string, string> { ["DOTNET_CLI_HOME"] = home }, script);
        try
        {
            Assert.That(run.ExitCode, Is.Zero, run.Describe());
            Assert.That(run.Output, Does.Contain("step  200  classification"), "the new project trained its 200 steps; " + run.Describe());
            Assert.That(File.Exists(Path.Combine(root, "MyTrainer", "MyTrainer.csproj")), Is.True, "the project is made beside the repository, outside it");
        }
        finally
        {
            ForgetCachedLocalVersions(Path.Combine(repository, "packages"));
        }
    }

    /// <summary>The first <c>```sh</c> block after <paramref name="heading"/>.</summary>
    private static string ShellBlock(string markdown, string heading)
    {
        var start = markdown.IndexOf(heading, StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"README has no '{heading}'");
        return Markdown.CodeBlocks(markdown[start..]).First(block => block.Info == "sh").Code;
    }

    /// <summary>The flow's restore extracted its local version into the global packages folder: nothing else uses it.</summary>
    private static void ForgetCachedLocalVersions(string packages)
    {
        if (!Directory.Exists(packages)) return;
        foreach (var package in Directory.GetFiles(packages, "MultiLoss.*.nupkg"))
        {
            var name = Path.GetFileNameWithoutExtension(package);
            var version = name["MultiLoss.".Length..];
            if (version.StartsWith("Templates.", StringComparison.Ordinal)) continue;
            var extracted = Path.Combine(LocalFeed.GlobalPackagesFolder(), "multiloss", version.ToLowerInvariant());
            if (Directory.Exists(extracted)) Directory.Delete(extracted, recursive: true);
        }
    }
}
