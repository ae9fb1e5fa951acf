using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using NUnit.Framework;

namespace MultiLoss.Package.Tests;

/// <summary>
/// One NuGet package that a fresh project can use: packs src/MultiLoss with `dotnet pack` (into a temp
/// folder, with its own build output, under a version no other run uses, so no stale build or package cache can
/// stand in for the current sources), checks what is in the package, then builds and runs a console project written
/// from scratch outside the repository that references the package plus TorchSharp-cpu.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PackageTests
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private string repoRoot = null!;
    private string workFolder = null!;
    private string packageFolder = null!;
    private string version = null!;
    private string torchSharpVersion = null!;
    private string package = null!;

    [OneTimeSetUp]
    public void Pack()
    {
        repoRoot = FindRepoRoot();
        torchSharpVersion = CentralVersion("TorchSharp");
        version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        workFolder = Directory.CreateTempSubdirectory("multiloss-package-").FullName;
        Assert.That(IsInside(workFolder, repoRoot), Is.False, $"the temp folder {workFolder} must be outside the repository");
        packageFolder = Path.Combine(workFolder, "packages");

        var pack = ChildProcess.Dotnet(repoRoot, BuildTimeout, null,
            "pack", Path.Combine(repoRoot, "src", "MultiLoss", "MultiLoss.csproj"),
            "-c", "Release", "-o", packageFolder, "--artifacts-path", Path.Combine(workFolder, "artifacts"),
            $"-p:Version={version}", "-nodeReuse:false", "-tl:off");
        TestContext.Progress.WriteLine($"dotnet pack: {pack.Elapsed.TotalSeconds:F1} s");
        Assert.That(pack.ExitCode, Is.Zero, pack.Describe());
        package = Path.Combine(packageFolder, $"MultiLoss.{version}.nupkg");
        Assert.That(File.Exists(package), Is.True, $"no {package}; " + pack.Describe());
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        if (workFolder is not null && Directory.Exists(workFolder)) Directory.Delete(workFolder, recursive: true);
        // The fresh project's restore extracted this run's version into the global packages folder: nothing else uses it.
        if (version is not null)
        {
            var extracted = Path.Combine(GlobalPackagesFolder(), "multiloss", version.ToLowerInvariant());
            if (Directory.Exists(extracted)) Directory.Delete(extracted, recursive: true);
        }
    }

    [Test]
    public void Package_holds_the_runtime_with_docs_and_the_analyzers_in_their_folders()
    {
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToArray();

        var expectedAnalyzers = new List<string> { "analyzers/dotnet/cs/MultiLoss.Generators.dll", "analyzers/dotnet/cs/MultiLoss.Analyzers.dll" };
        if (File.Exists(Path.Combine(repoRoot, "generators", "MultiLoss.CodeFixes", "MultiLoss.CodeFixes.csproj")))
            expectedAnalyzers.Add("analyzers/dotnet/cs/MultiLoss.CodeFixes.dll");

        Assert.Multiple(() =>
        {
            Assert.That(entries.Where(e => e.StartsWith("lib/", StringComparison.Ordinal)),
                Is.EquivalentTo(new[] { "lib/net10.0/MultiLoss.dll", "lib/net10.0/MultiLoss.xml" }), "lib/");
            Assert.That(entries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal)),
                Is.EquivalentTo(expectedAnalyzers), "analyzers/ (only ours: Roslyn and PolySharp are not shipped)");
            Assert.That(entries.Where(e => e.StartsWith("build", StringComparison.Ordinal) || e.StartsWith("runtimes/", StringComparison.Ordinal)),
                Is.Empty, "no build/ or runtimes/ folders");
        });

        using var docs = zip.GetEntry("lib/net10.0/MultiLoss.xml")!.Open();
        var documented = XDocument.Load(docs).Descendants("member").Select(m => (string?)m.Attribute("name")).ToHashSet();
        Assert.That(documented, Does.Contain("T:MultiLoss.MultiLossTrainerAttribute").And.Contain("T:MultiLoss.LossAttribute"),
            "XML docs of the public types");
    }

    [Test]
    public void Package_depends_on_TorchSharp_only_and_has_readme_licence_and_repository()
    {
        using var zip = ZipFile.OpenRead(package);
        var nuspec = ReadNuspec(zip);
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;

        var dependencies = metadata.Descendants(ns + "dependency")
            .Select(d => $"{(string?)d.Attribute("id")} {(string?)d.Attribute("version")}")
            .ToArray();
        var groups = metadata.Element(ns + "dependencies")!.Elements(ns + "group")
            .Select(g => (string?)g.Attribute("targetFramework")).ToArray();
        var readme = (string?)metadata.Element(ns + "readme");
        var license = metadata.Element(ns + "license");

        Assert.Multiple(() =>
        {
            Assert.That((string?)metadata.Element(ns + "id"), Is.EqualTo("MultiLoss"));
            Assert.That((string?)metadata.Element(ns + "version"), Is.EqualTo(version));
            Assert.That(dependencies, Is.EqualTo(new[] { $"TorchSharp {torchSharpVersion}" }),
                "dependencies: TorchSharp and nothing else (no backend, no Roslyn, no PolySharp)");
            Assert.That(groups, Is.EqualTo(new[] { "net10.0" }), "dependency groups");
            Assert.That((string?)metadata.Element(ns + "description"), Is.Not.Empty, "description");
            Assert.That((string?)metadata.Element(ns + "tags"), Does.Contain("torchsharp"), "tags");
            Assert.That((string?)metadata.Element(ns + "authors"), Is.Not.Empty, "authors");
            Assert.That((string?)license?.Attribute("type"), Is.EqualTo("expression"), "licence type");
            Assert.That((string?)license, Is.EqualTo("MIT"), "licence expression");
            Assert.That(zip.GetEntry("LICENSE"), Is.Not.Null, "LICENSE file");
            Assert.That((string?)metadata.Element(ns + "repository")?.Attribute("type"), Is.EqualTo("git"), "repository metadata");
            Assert.That(readme, Is.Not.Null.And.Not.Empty, "readme element");
        });

        using var reader = new StreamReader(zip.GetEntry(readme!)!.Open());
        var readmeText = reader.ReadToEnd();
        // nuget.org renders the README on its own: a link relative to the repository would be broken there.
        var relativeLinks = Regex.Matches(readmeText, @"\]\((?!https?://)[^)]*\)").Select(m => m.Value).ToArray();
        Assert.That(relativeLinks, Is.Empty, "relative links in the package README");
        Assert.That(readmeText, Does.Contain("EmitCompilerGeneratedFiles"));

        var symbols = Path.ChangeExtension(package, ".snupkg");
        Assert.That(File.Exists(symbols), Is.True, "symbol package");
        using var symbolZip = ZipFile.OpenRead(symbols);
        Assert.That(symbolZip.Entries.Select(e => e.FullName), Does.Contain("lib/net10.0/MultiLoss.pdb"));
    }

    [Test]
    public void A_fresh_console_project_builds_without_warnings_and_trains_with_the_package()
    {
        var project = Path.Combine(workFolder, "app");
        Directory.CreateDirectory(project);
        FreshProject.Write(project, packageFolder, version, torchSharpVersion, MachinePackageSources(workFolder));

        var build = ChildProcess.Dotnet(project, BuildTimeout, null, "build", "-c", "Release", "-nodeReuse:false", "-tl:off");
        TestContext.Progress.WriteLine($"dotnet build (restore included): {build.Elapsed.TotalSeconds:F1} s");
        Assert.That(build.ExitCode, Is.Zero, build.Describe());

        var warnings = build.Output.Split('\n').Where(line => line.Contains(": warning ", StringComparison.Ordinal)).Distinct().ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(warnings.Where(w => w.Contains(".MultiLoss.g.cs", StringComparison.Ordinal) || Regex.IsMatch(w, @"\bML\d{4}\b")),
                Is.Empty, "warnings from the generated code or the generator\n" + build.Output);
            Assert.That(warnings, Is.Empty, "warnings\n" + build.Output);
            Assert.That(File.Exists(FreshProject.GeneratedFile(project)), Is.True,
                $"the generated file is where the README says: {FreshProject.GeneratedFile(project)}");
        });

        var run = ChildProcess.Dotnet(project, RunTimeout, null, FreshProject.Assembly(project));
        TestContext.Progress.WriteLine($"run: {run.Elapsed.TotalSeconds:F1} s");
        TestContext.Out.WriteLine(run.Output);
        Assert.That(run.ExitCode, Is.Zero, run.Describe());

        var lines = run.Output.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0).ToArray();
        Assert.That(lines, Has.Length.EqualTo(FreshProject.Steps), run.Describe());
        var totals = lines.Select(line => FreshProject.StepLine.Match(line)).Select(match =>
        {
            Assert.That(match.Success, Is.True, $"not a step line: '{match.Value}'\n" + run.Describe());
            return double.Parse(match.Groups["total"].Value, CultureInfo.InvariantCulture);
        }).ToArray();
        Assert.That(totals.All(double.IsFinite), Is.True, run.Describe());
        Assert.That(totals[^1], Is.LessThan(totals[0]), "the total loss decreases over the ten steps\n" + run.Output);
    }

    /// <summary>The enabled package sources this machine restores from (user and machine nuget.config).</summary>
    private static IReadOnlyList<(string Name, string Address)> MachinePackageSources(string folder)
    {
        var list = ChildProcess.Dotnet(folder, TimeSpan.FromMinutes(1), null, "nuget", "list", "source", "--format", "Detailed");
        Assert.That(list.ExitCode, Is.Zero, list.Describe());
        var sources = new List<(string, string)>();
        var lines = list.Output.Split('\n').Select(line => line.Trim()).ToArray();
        for (var i = 0; i + 1 < lines.Length; i++)
        {
            var header = Regex.Match(lines[i], @"^\d+\.\s+(?<name>.+?)\s+\[Enabled\]$");
            if (header.Success) sources.Add((header.Groups["name"].Value, lines[i + 1]));
        }
        if (sources.Count == 0) sources.Add(("nuget.org", "https://api.nuget.org/v3/index.json"));
        return sources;
    }

    private static XDocument ReadNuspec(ZipArchive zip)
    {
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }

    private string CentralVersion(string packageId)
    {
        var props = XDocument.Load(Path.Combine(repoRoot, "Directory.Packages.props"));
        return props.Descendants("PackageVersion").Where(p => (string?)p.Attribute("Include") == packageId)
            .Select(p => (string)p.Attribute("Version")!).Single();
    }

    private static string GlobalPackagesFolder()
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
