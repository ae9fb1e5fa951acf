using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace MultiLoss.Tests.Build;

/// <summary>
/// eng/native-prereqs.sh against real library files: Debian 12's libstdc++ (no GLIBCXX_3.4.32) takes the
/// install-or-explain path; the system's current one (which the build scripts made good) is left alone.
/// The install itself runs in dry-run mode, so the test changes nothing on the machine; the real install, which
/// the build script ran before these tests, must have left no Debian 13 source in apt's configuration.
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
    public void Old_library_as_root_installs_debian_13_libstdcxx_from_a_private_source_list_and_otherwise_explains()
    {
        var result = RunScript(oldLibrary, asNobody: false);

        if (IsRoot)
        {
            Assert.That(result.ExitCode, Is.Zero, result.Error);
            Assert.That(result.Error, Does.Contain("lacks GLIBCXX_3.4.32; installing Debian 13's libstdc++6"));
            var commands = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(commands, Has.Length.EqualTo(2), result.Output);
            Assert.That(commands[0], Does.StartWith("would run: apt-get update -qq -o Dir::Etc::SourceList="));
            Assert.That(commands[1], Does.StartWith("would run: env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o Dir::Etc::SourceList="));
            Assert.That(commands[1], Does.EndWith(" libstdc++6/trixie"));
            Assert.That(result.Output, Does.Not.Contain("-t trixie"), "a default release of trixie would upgrade more than libstdc++6 needs");

            var privateList = Regex.Match(commands[0], "SourceList=(\\S+)").Groups[1].Value;
            Assert.That(privateList, Does.Not.StartWith("/etc/apt"));
            Assert.That(Path.GetDirectoryName(privateList), Does.Not.Exist, "the private source list outlives the script");
        }
        else
        {
            AssertExplains(result);
        }
    }

    [Test]
    public void A_debian_13_source_left_by_an_earlier_version_is_removed_and_nothing_else()
    {
        var aptEtc = Directory.CreateTempSubdirectory("multiloss-apt-etc-").FullName;
        try
        {
            var sources = Directory.CreateDirectory(Path.Combine(aptEtc, "sources.list.d")).FullName;
            File.WriteAllText(Path.Combine(sources, "multiloss-trixie.list"), "deb http://mirror.example/debian trixie main\n");
            File.WriteAllText(Path.Combine(sources, "debian.sources"), "Suites: bookworm\n");

            var current = SystemLibstdcxx();
            var result = Shell.Run($"MULTILOSS_PREREQS_DRY_RUN=1 MULTILOSS_APT_ETC='{aptEtc}' MULTILOSS_LIBSTDCXX='{current}' bash '{Script}'", workDirectory);

            Assert.That(result.ExitCode, Is.Zero, result.Error);
            Assert.That(result.Error, Does.Contain("removing " + Path.Combine(sources, "multiloss-trixie.list")));
            Assert.That(Directory.GetFiles(sources).Select(Path.GetFileName), Is.EqualTo(new[] { "debian.sources" }));
        }
        finally
        {
            Directory.Delete(aptEtc, recursive: true);
        }
    }

    [TestCase("Types: deb\nURIs: http://mirror.example/debian/\nSuites: bookworm\n\nTypes: deb\nURIs: http://mirror.example/debian-security\nSuites: bookworm-security\n", "debian.sources")]
    [TestCase("deb [signed-by=/usr/share/keyrings/debian.gpg] http://mirror.example/debian bookworm main\n", "mirror.list")]
    public void Debian_13_comes_from_the_mirror_apt_already_uses(string content, string file)
    {
        var aptEtc = Directory.CreateTempSubdirectory("multiloss-apt-etc-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(aptEtc, "sources.list.d")).FullName, file), content);

            var result = Shell.Run($"MULTILOSS_PREREQS_DRY_RUN=1 MULTILOSS_APT_ETC='{aptEtc}' MULTILOSS_LIBSTDCXX='{oldLibrary}' bash '{Script}'", workDirectory);

            // As root the dry run names the source it would install from; otherwise the fix it prints does.
            Assert.That(result.Error, Does.Contain("deb http://mirror.example/debian trixie main"), result.Output + result.Error);
        }
        finally
        {
            Directory.Delete(aptEtc, recursive: true);
        }
    }

    [Test]
    public void No_unpinned_debian_13_source_is_left_in_apt_configuration()
    {
        var sourceFiles = Directory.GetFiles("/etc/apt/sources.list.d").Append("/etc/apt/sources.list").Where(File.Exists);
        var trixieSources = sourceFiles.Where(file => !file.EndsWith(".disabled-by-farm", StringComparison.Ordinal)
                                                      && Regex.IsMatch(File.ReadAllText(file), "^[^#]*\\btrixie\\b", RegexOptions.Multiline));
        var pinned = Directory.Exists("/etc/apt/preferences.d")
                     && Directory.GetFiles("/etc/apt/preferences.d").Any(file => File.ReadAllText(file).Contains("trixie", StringComparison.Ordinal));

        Assert.That(pinned ? Array.Empty<string>() : trixieSources.ToArray(), Is.Empty,
            "these make every later apt install on this machine prefer Debian 13's packages");
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
        var current = SystemLibstdcxx();

        var result = RunScript(current, asNobody: false);

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output + result.Error, Is.Empty);
    }

    private static void AssertExplains(Shell.Result result)
    {
        Assert.That(result.ExitCode, Is.EqualTo(3), result.Output + result.Error);
        Assert.That(result.Error, Does.Contain("does not have it"));
        Assert.That(result.Error, Does.Contain("-o Dir::Etc::SourceParts=/dev/null libstdc++6/trixie"));
        Assert.That(result.Output, Does.Not.Contain("would run"));
    }

    private static string Script => Path.Combine(RepositoryRoot(), "eng", "native-prereqs.sh");

    private string SystemLibstdcxx()
    {
        var current = Shell.Run("/sbin/ldconfig -p | awk '/libstdc\\+\\+\\.so\\.6 .*x86-64/ {print $NF; exit}'", workDirectory).Output.Trim();
        Assert.That(File.Exists(current), Is.True, "no system libstdc++ found");
        return current;
    }

    private static Shell.Result RunScript(string library, bool asNobody)
    {
        var command = $"MULTILOSS_PREREQS_DRY_RUN=1 MULTILOSS_LIBSTDCXX='{library}' bash '{Script}'";
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
