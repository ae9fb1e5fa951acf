using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using NUnit.Framework;

namespace MultiLoss.Package.Tests;

/// <summary>
/// The `multiloss` template as a user meets it: installed from the locally packed MultiLoss.Templates into a
/// template cache of its own (a temp DOTNET_CLI_HOME and --debug:custom-hive, so the user's template cache is left
/// alone), `dotnet new multiloss -n MyTrainer` in a fresh folder, restored from the local package folder plus this
/// machine's sources, built with warnings as errors, and run.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class TemplateTests
{
    private const string ProjectName = "MyTrainer";
    private const int PrintedSteps = 10;
    private static readonly TimeSpan NewTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private string project = null!;
    private ChildProcess install = null!;
    private ChildProcess create = null!;
    private ChildProcess build = null!;

    /// <summary>A line the program prints every 20 steps.</summary>
    [GeneratedRegex(@"^step +(?<step>\d+)  classification (?<classification>\S+)  regression (?<regression>\S+)  total (?<total>\S+)$")]
    private static partial Regex StepLine();

    [OneTimeSetUp]
    public void InstallCreateAndBuild()
    {
        var root = Path.Combine(LocalFeed.WorkFolder, "template");
        var home = Path.Combine(root, "cli-home");
        var hive = Path.Combine(root, "hive");
        var parent = Path.Combine(root, "projects");
        Directory.CreateDirectory(home);
        Directory.CreateDirectory(parent);
        var cliHome = new Dictionary<string, string> { ["DOTNET_CLI_HOME"] = home };

        install = ChildProcess.Dotnet(root, NewTimeout, cliHome, "new", "install", LocalFeed.TemplatePackage, "--debug:custom-hive", hive);
        Assert.That(install.ExitCode, Is.Zero, install.Describe());

        project = Path.Combine(parent, ProjectName);
        create = ChildProcess.Dotnet(parent, NewTimeout, cliHome,
            "new", "multiloss", "-n", ProjectName, "-o", project, "--debug:custom-hive", hive, "--no-update-check");
        Assert.That(create.ExitCode, Is.Zero, create.Describe());

        // Nothing from a folder above may apply (the temp folder is outside the repository; this makes sure), and
        // MultiLoss must come from the local package folder: both are written beside or above the project, not into it.
        IsolatedFolder.Write(parent, LocalFeed.PackageFolder);

        // NuGetAudit off: an advisory published later against one of TorchSharp's dependencies would be a warning
        // here, and this test is about what the template itself produces.
        build = ChildProcess.Dotnet(project, BuildTimeout, null,
            "build", "-c", "Release", "-warnaserror", "-p:NuGetAudit=false", "-nodeReuse:false", "-tl:off");
        TestContext.Progress.WriteLine($"dotnet build of the template's project (restore included): {build.Elapsed.TotalSeconds:F1} s");
    }

    [Test]
    public void Install_lists_the_multiloss_template_and_creation_says_what_to_run_next()
    {
        Assert.Multiple(() =>
        {
            Assert.That(install.Output, Does.Contain("multiloss"), install.Describe());
            Assert.That(create.Output, Does.Contain("bash native-prereqs.sh"), create.Describe());
        });
    }

    [Test]
    public void The_project_references_this_multiloss_and_the_cpu_backend_with_the_cuda_backends_in_a_comment()
    {
        var projectFile = Path.Combine(project, ProjectName + ".csproj");
        var text = File.ReadAllText(projectFile);
        var references = XDocument.Parse(text).Descendants("PackageReference")
            .Select(r => $"{(string?)r.Attribute("Include")} {(string?)r.Attribute("Version")}").ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(references, Is.EqualTo(new[] { $"MultiLoss {LocalFeed.Version}", $"TorchSharp-cpu {LocalFeed.TorchSharpVersion}" }));
            Assert.That(text, Does.Contain("TorchSharp-cuda-linux").And.Contain("TorchSharp-cuda-windows"));
            Assert.That(Directory.GetFiles(project).Select(Path.GetFileName), Is.EquivalentTo(new[]
            {
                ProjectName + ".csproj", "Program.cs", "TwoTaskTrainer.cs", "SyntheticData.cs", "native-prereqs.sh", "README.md",
            }));
        });
    }

    [Test]
    public void The_project_builds_with_warnings_as_errors_and_without_a_warning()
    {
        Assert.That(build.ExitCode, Is.Zero, build.Describe());
        var warnings = build.Output.Split('\n').Where(line => line.Contains(": warning ", StringComparison.Ordinal)).Distinct();
        Assert.That(warnings, Is.Empty, build.Describe());
        Assert.That(build.Output, Does.Contain("0 Warning(s)"), build.Describe());
    }

    [Test]
    public void The_program_trains_and_prints_falling_losses()
    {
        Assert.That(build.ExitCode, Is.Zero, build.Describe());

        var run = ChildProcess.Dotnet(project, RunTimeout, null, ProgramAssembly());
        TestContext.Out.WriteLine(run.Output);
        Assert.That(run.ExitCode, Is.Zero, run.Describe());

        var lines = run.Output.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0).ToArray();
        Assert.That(lines, Has.Length.EqualTo(PrintedSteps), run.Describe());
        var matches = lines.Select(line => StepLine().Match(line)).ToArray();
        Assert.That(matches.Where(m => !m.Success), Is.Empty, "lines that are not step lines\n" + run.Describe());
        var losses = matches.Select(m => new[] { "classification", "regression", "total" }
            .Select(g => double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture)).ToArray()).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(matches.Select(m => int.Parse(m.Groups["step"].Value, CultureInfo.InvariantCulture)),
                Is.EqualTo(Enumerable.Range(1, PrintedSteps).Select(i => 20 * i)));
            Assert.That(losses.SelectMany(l => l).All(double.IsFinite), Is.True, run.Output);
            Assert.That(losses.All(l => Math.Abs(l[2] - (l[0] + 0.5 * l[1])) < 2e-4), Is.True,
                "total = classification + 0.5 · regression (to the 4 printed decimals)\n" + run.Output);
            Assert.That(losses[^1][2], Is.LessThan(losses[0][2] / 2), "the total falls by more than half\n" + run.Output);
        });
    }

    [Test]
    public void Asked_for_cuda_with_the_cpu_backend_the_program_says_so_instead_of_training()
    {
        Assert.That(build.ExitCode, Is.Zero, build.Describe());

        var run = ChildProcess.Dotnet(project, RunTimeout, null, ProgramAssembly(), "cuda");

        Assert.That(run.ExitCode, Is.EqualTo(2), run.Describe());
        Assert.That(run.Output, Does.Contain("CUDA is not available").And.Contain("TorchSharp-cuda-linux"), run.Describe());
        Assert.That(run.Output, Does.Not.Contain("classification"), run.Describe());
    }

    [Test]
    public void The_prerequisite_script_passes_here_and_explains_the_fix_for_a_libstdcxx_without_the_symbol()
    {
        var old = Path.Combine(LocalFeed.WorkFolder, "libstdc++-gcc12.so.6");
        File.WriteAllText(old, "GLIBCXX_3.4.30\0GLIBCXX_3.4.31\0");   // the newest version strings of GCC 12's library

        var here = ChildProcess.Run("bash", project, RunTimeout, null, "native-prereqs.sh");
        var tooOld = ChildProcess.Run("bash", project, RunTimeout, new Dictionary<string, string> { ["MULTILOSS_LIBSTDCXX"] = old }, "native-prereqs.sh");

        Assert.Multiple(() =>
        {
            Assert.That(here.ExitCode, Is.Zero, "this machine loads TorchSharp (the tests run it), so the check passes\n" + here.Describe());
            Assert.That(here.Output, Does.StartWith("OK: "), here.Describe());
            Assert.That(tooOld.ExitCode, Is.EqualTo(3), tooOld.Describe());
            Assert.That(tooOld.Output, Does.Contain($"{old} does not have it"), tooOld.Describe());
            Assert.That(tooOld.Output, Does.Contain("-o Dir::Etc::SourceList=/tmp/trixie.list -o Dir::Etc::SourceParts=/dev/null libstdc++6/trixie"),
                tooOld.Describe());
            Assert.That(tooOld.Output, Does.Not.Contain("/etc/apt"), "the fix must not add Debian 13 to apt's sources\n" + tooOld.Describe());
        });
    }

    private string ProgramAssembly() => Path.Combine(project, "bin", "Release", "net10.0", ProjectName + ".dll");
}
