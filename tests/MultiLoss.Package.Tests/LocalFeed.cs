using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using NUnit.Framework;

namespace MultiLoss.Package.Tests;

/// <summary>
/// Packs src/MultiLoss, src/MultiLoss.Logging and templates/MultiLoss.Templates once for every test of this assembly, with `dotnet pack`,
/// into a temp folder outside the repository (with their own build output, under a version no other run uses, so
/// no stale build or package cache can stand in for the current sources); deletes it all afterwards.
/// </summary>
[SetUpFixture]
public sealed class LocalFeed
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);

    public static string RepoRoot { get; private set; } = null!;

    /// <summary>The temp folder that holds the packages and everything a test makes.</summary>
    public static string WorkFolder { get; private set; } = null!;

    /// <summary>The folder of the packed .nupkg files: the local package source of the tests' projects.</summary>
    public static string PackageFolder { get; private set; } = null!;

    /// <summary>The version every package was packed with.</summary>
    public static string Version { get; private set; } = null!;

    /// <summary>The central version of TorchSharp (Directory.Packages.props), which MultiLoss depends on.</summary>
    public static string TorchSharpVersion { get; private set; } = null!;

    public static string MultiLossPackage => Path.Combine(PackageFolder, $"MultiLoss.{Version}.nupkg");

    public static string LoggingPackage => Path.Combine(PackageFolder, $"MultiLoss.Logging.{Version}.nupkg");

    public static string TemplatePackage => Path.Combine(PackageFolder, $"MultiLoss.Templates.{Version}.nupkg");

    [OneTimeSetUp]
    public void PackAll()
    {
        RepoRoot = FindRepoRoot();
        TorchSharpVersion = CentralVersion("TorchSharp");
        Version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        WorkFolder = Directory.CreateTempSubdirectory("multiloss-package-").FullName;
        Assert.That(IsInside(WorkFolder, RepoRoot), Is.False, $"the temp folder {WorkFolder} must be outside the repository");
        PackageFolder = Path.Combine(WorkFolder, "packages");

        Pack(Path.Combine("src", "MultiLoss", "MultiLoss.csproj"), MultiLossPackage);
        Pack(Path.Combine("src", "MultiLoss.Logging", "MultiLoss.Logging.csproj"), LoggingPackage);
        Pack(Path.Combine("templates", "MultiLoss.Templates", "MultiLoss.Templates.csproj"), TemplatePackage);
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        if (WorkFolder is not null && Directory.Exists(WorkFolder)) Directory.Delete(WorkFolder, recursive: true);
        // The projects' restores extracted this run's version into the global packages folder: nothing else uses it.
        if (Version is not null)
        {
            var extracted = Path.Combine(GlobalPackagesFolder(), "multiloss", Version.ToLowerInvariant());
            if (Directory.Exists(extracted)) Directory.Delete(extracted, recursive: true);
        }
    }

    private static void Pack(string project, string expectedPackage)
    {
        var pack = ChildProcess.Dotnet(RepoRoot, PackTimeout, null,
            "pack", Path.Combine(RepoRoot, project),
            "-c", "Release", "-o", PackageFolder, "--artifacts-path", Path.Combine(WorkFolder, "artifacts"),
            $"-p:Version={Version}", "-nodeReuse:false", "-tl:off");
        TestContext.Progress.WriteLine($"dotnet pack {project}: {pack.Elapsed.TotalSeconds:F1} s");
        Assert.That(pack.ExitCode, Is.Zero, pack.Describe());
        Assert.That(File.Exists(expectedPackage), Is.True, $"no {expectedPackage}; " + pack.Describe());
    }

    /// <summary>The version Directory.Packages.props gives a package.</summary>
    public static string CentralVersion(string packageId)
    {
        var props = XDocument.Load(Path.Combine(RepoRoot, "Directory.Packages.props"));
        return props.Descendants("PackageVersion").Where(p => (string?)p.Attribute("Include") == packageId)
            .Select(p => (string)p.Attribute("Version")!).Single();
    }

    public static string GlobalPackagesFolder()
        => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static bool IsInside(string path, string folder)
        => Path.GetFullPath(path).StartsWith(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string FindRepoRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MultiLoss.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException("MultiLoss.sln not found above " + AppContext.BaseDirectory);
    }
}
