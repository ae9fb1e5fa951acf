using System;
using System.Diagnostics;
using System.IO;
using NUnit.Framework;

namespace MultiLoss.Tests.Build;

/// <summary>
/// eng/native-prereqs.sh against real library files: Debian 12's libstdc++ (no GLIBCXX_3.4.32) takes the
/// install-or-explain path; the system's current one (which the build scripts made good) is left alone.
/// The install itself runs in dry-run mode, so the test changes nothing on the machine.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class NativePrerequisiteScriptTests
{
    private static readonly bool IsRoot = Environment.UserName == "root";
    private string workDirectory = null!;
    private string oldLibrary = null!;

    [OneTimeSetUp]
    public void FetchDebian12Libstdcxx()
    {
        workDirectory = Directory.CreateTempSubdirectory("multiloss-prereqs-").FullName;
        var download = Shell.Run("apt-get download libstdc++6/bookworm", workDirectory);
        if (download.ExitCode != 0)
        {
            Shell.Run("apt-get update -qq", workDirectory);
            download = Shell.Run("apt-get download libstdc++6/bookworm", workDirectory);
        }
        Assert.That(download.ExitCode, Is.Zero, "could not fetch Debian 12's libstdc++6 package: " + download.Error);

        var extract = Shell.Run("dpkg-deb -x libstdc++6_*.deb extracted && chmod -R a+rX .", workDirectory);
        Assert.That(extract.ExitCode, Is.Zero, extract.Error);
        oldLibrary = Path.Combine(workDirectory, "extracted/usr/lib/x86_64-linux-gnu/libstdc++.so.6");
        Assert.That(File.Exists(oldLibrary), Is.True, oldLibrary);
    }

    [OneTimeTearDown]
    public void RemoveWorkDirectory() => Directory.Delete(workDirectory, recursive: true);

    [Test]
    public void Old_library_as_root_installs_debian_13_libstdcxx_and_otherwise_explains()
    {
        var result = RunScript(oldLibrary, asNobody: false);

        if (IsRoot)
        {
            Assert.That(result.ExitCode, Is.Zero, result.Error);
            Assert.That(result.Error, Does.Contain("lacks GLIBCXX_3.4.32; installing Debian 13's libstdc++6"));
            Assert.That(result.Output, Does.Contain("would run: env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t trixie libstdc++6"));
        }
        else
        {
            AssertExplains(result);
        }
    }

    [Test]
    public void Old_library_without_root_stops_with_the_exact_fix()
    {
        var result = RunScript(oldLibrary, asNobody: IsRoot);

        AssertExplains(result);
    }

    [Test]
    public void Library_with_the_symbol_is_left_alone()
    {
        var current = Shell.Run("/sbin/ldconfig -p | awk '/libstdc\\+\\+\\.so\\.6 .*x86-64/ {print $NF; exit}'", workDirectory).Output.Trim();
        Assert.That(File.Exists(current), Is.True, "no system libstdc++ found");

        var result = RunScript(current, asNobody: false);

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output + result.Error, Is.Empty);
    }

    private static void AssertExplains(Shell.Result result)
    {
        Assert.That(result.ExitCode, Is.EqualTo(3), result.Output + result.Error);
        Assert.That(result.Error, Does.Contain("does not have it"));
        Assert.That(result.Error, Does.Contain("apt-get update && apt-get install -y -t trixie libstdc++6"));
        Assert.That(result.Output, Does.Not.Contain("would run"));
    }

    private static Shell.Result RunScript(string library, bool asNobody)
    {
        var script = Path.Combine(RepositoryRoot(), "eng", "native-prereqs.sh");
        var command = $"MULTILOSS_PREREQS_DRY_RUN=1 MULTILOSS_LIBSTDCXX='{library}' bash '{script}'";
        return Shell.Run(asNobody ? $"runuser -u nobody -- env {command}" : command, Path.GetTempPath());
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "build.sh"))) return directory.FullName;
        }
        throw new InvalidOperationException("build.sh not found above the test directory.");
    }
}

internal static class Shell
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(string command, string workingDirectory)
    {
        var start = new ProcessStartInfo("bash", new[] { "-c", command })
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new Result(process.ExitCode, output.Result, error);
    }
}
