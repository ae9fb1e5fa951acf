using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using NUnit.Framework;

namespace MultiLoss.MultiFashion.Tests;

/// <summary>
/// eng/fashion-mnist-data.sh, which <c>./build.sh fashion</c> runs: it leaves a folder with the four files alone, installs
/// the Debian package as root (dry run here, so the test changes nothing) and explains the fix otherwise.
/// </summary>
[NonParallelizable]
public sealed class DataScriptTests
{
    private static readonly bool IsRoot = Environment.UserName == "root";
    private TempFolder folder = null!;

    [SetUp]
    public void CreateFolder() => folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => folder.Dispose();

    [TestCase(true)]
    [TestCase(false)]
    public void A_folder_with_the_four_files_is_left_alone(bool gzip)
    {
        SyntheticIdx.WriteFolder(folder.Path, 10, 10, gzip);

        var result = RunScript(folder.Path, asNobody: false);

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output + result.Error, Is.Empty);
    }

    [Test]
    public void Missing_files_as_root_install_the_debian_package_and_otherwise_explain()
    {
        SyntheticIdx.WriteFolder(folder.Path, 10, 10);
        File.Delete(folder.Combine("t10k-labels-idx1-ubyte.gz"));

        var result = RunScript(folder.Path, asNobody: false);

        if (!IsRoot)
        {
            AssertExplains(result);
            return;
        }
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Error, Does.Contain("installing dataset-fashion-mnist"));
        Assert.That(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).First(),
            Is.EqualTo("would run: env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dataset-fashion-mnist"));
    }

    [Test]
    public void Missing_files_without_root_stop_with_the_command_to_run()
    {
        var result = RunScript(folder.Path, asNobody: IsRoot);

        AssertExplains(result);
    }

    private static void AssertExplains((int ExitCode, string Output, string Error) result)
    {
        Assert.That(result.ExitCode, Is.EqualTo(3), result.Output + result.Error);
        Assert.That(result.Error, Does.Contain("apt-get install dataset-fashion-mnist").And.Contain("--data"));
        Assert.That(result.Output, Does.Not.Contain("would run"));
    }

    private static (int ExitCode, string Output, string Error) RunScript(string dataFolder, bool asNobody)
    {
        var script = Path.Combine(RepositoryRoot, "eng", "fashion-mnist-data.sh");
        var command = $"MULTILOSS_FASHION_DRY_RUN=1 MULTILOSS_FASHION_DIR='{dataFolder}' bash '{script}'";
        // The temp folder is readable by anyone, so the script run as nobody sees the same files.
        var start = new ProcessStartInfo("bash", ["-c", asNobody ? $"chmod -R a+rX '{dataFolder}' && runuser -u nobody -- env {command}" : command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }

    private static string RepositoryRoot => typeof(DataScriptTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepoRoot").Value!.TrimEnd('/');
}
