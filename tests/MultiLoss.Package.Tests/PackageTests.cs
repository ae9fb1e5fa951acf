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
/// One NuGet package that a fresh project can use: checks what is in the package <see cref="LocalFeed"/> packed, then
/// builds and runs a console project written from scratch outside the repository that references the package plus
/// TorchSharp-cpu.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PackageTests
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    [Test]
    public void Package_holds_the_runtime_with_docs_and_the_analyzers_in_their_folders()
    {
        using var zip = ZipFile.OpenRead(LocalFeed.MultiLossPackage);
        var entries = zip.Entries.Select(e => e.FullName).ToArray();

        var expectedAnalyzers = new List<string> { "analyzers/dotnet/cs/MultiLoss.Generators.dll", "analyzers/dotnet/cs/MultiLoss.Analyzers.dll" };
        if (File.Exists(Path.Combine(LocalFeed.RepoRoot, "generators", "MultiLoss.CodeFixes", "MultiLoss.CodeFixes.csproj")))
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
        using var zip = ZipFile.OpenRead(LocalFeed.MultiLossPackage);
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
            Assert.That((string?)metadata.Element(ns + "version"), Is.EqualTo(LocalFeed.Version));
            Assert.That(dependencies, Is.EqualTo(new[] { $"TorchSharp {TorchSharpRange(LocalFeed.TorchSharpVersion)}" }),
                "dependencies: TorchSharp within the minor version it is built with, and nothing else (no backend, no Roslyn, no PolySharp)");
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
        // A package's page renders the README on its own: a link relative to the repository would be broken there.
        var relativeLinks = Regex.Matches(readmeText, @"\]\((?!https?://)[^)]*\)").Select(m => m.Value).ToArray();
        Assert.That(relativeLinks, Is.Empty, "relative links in the package README");
        Assert.That(readmeText, Does.Contain("EmitCompilerGeneratedFiles"));

        var symbols = Path.ChangeExtension(LocalFeed.MultiLossPackage, ".snupkg");
        Assert.That(File.Exists(symbols), Is.True, "symbol package");
        using var symbolZip = ZipFile.OpenRead(symbols);
        Assert.That(symbolZip.Entries.Select(e => e.FullName), Does.Contain("lib/net10.0/MultiLoss.pdb"));
    }

    [TestCase("MultiLoss")]
    [TestCase("MultiLoss.Logging")]
    [TestCase("MultiLoss.Templates")]
    public void Every_package_has_the_icon_and_the_release_notes(string id)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(LocalFeed.PackageFolder, $"{id}.{LocalFeed.Version}.nupkg"));
        var nuspec = ReadNuspec(zip);
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        var icon = (string?)metadata.Element(ns + "icon");
        var releaseNotes = (string?)metadata.Element(ns + "releaseNotes");

        Assert.That(icon, Is.EqualTo("icon.png"));
        using (var image = zip.GetEntry(icon!)!.Open())
        {
            var signature = new byte[8];
            image.ReadExactly(signature);
            Assert.That(signature, Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }), "a PNG");
        }
        var notes = File.ReadAllText(Path.Combine(LocalFeed.RepoRoot, "docs", "release-notes.md"));
        Assert.That(releaseNotes?.Trim(), Is.EqualTo(notes.Trim()), "docs/release-notes.md");
    }

    [Test]
    public void The_shipped_assemblies_and_symbols_hold_no_path_of_the_machine_that_built_them()
    {
        var root = Path.TrimEndingDirectorySeparator(LocalFeed.RepoRoot);
        using var packageZip = ZipFile.OpenRead(LocalFeed.MultiLossPackage);
        var assemblies = packageZip.Entries.Where(e => e.FullName.EndsWith(".dll", StringComparison.Ordinal)).ToArray();
        Assert.That(assemblies, Is.Not.Empty);
        foreach (var entry in assemblies)
        {
            using var stream = new MemoryStream();
            using (var content = entry.Open()) content.CopyTo(stream);
            Assert.That(Contains(stream.ToArray(), System.Text.Encoding.UTF8.GetBytes(root)), Is.False, $"{entry.FullName} names {root}");
        }

        using var symbolZip = ZipFile.OpenRead(Path.ChangeExtension(LocalFeed.MultiLossPackage, ".snupkg"));
        using var pdb = new MemoryStream();
        using (var content = symbolZip.GetEntry("lib/net10.0/MultiLoss.pdb")!.Open()) content.CopyTo(pdb);
        pdb.Position = 0;
        using var provider = System.Reflection.Metadata.MetadataReaderProvider.FromPortablePdbStream(pdb);
        var reader = provider.GetMetadataReader();
        var documents = reader.Documents.Select(handle => reader.GetString(reader.GetDocument(handle).Name)).ToArray();
        Assert.That(documents, Is.Not.Empty);
        Assert.That(documents.Where(name => !name.StartsWith("/_/", StringComparison.Ordinal)), Is.Empty, "source paths start at /_/, not at " + root);
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    [Test]
    public void A_fresh_console_project_builds_without_warnings_and_trains_with_the_package()
    {
        var project = Path.Combine(LocalFeed.WorkFolder, "app");
        Directory.CreateDirectory(project);
        FreshProject.Write(project, LocalFeed.PackageFolder, LocalFeed.Version, LocalFeed.TorchSharpVersion);

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

    [Test]
    public void Pragma_and_editorconfig_silence_MultiLoss_warnings_in_a_build_like_the_compilers_own()
    {
        var project = Path.Combine(LocalFeed.WorkFolder, "suppressions");
        Directory.CreateDirectory(project);
        SuppressionProject.Write(project, LocalFeed.PackageFolder, LocalFeed.Version);

        var build = ChildProcess.Dotnet(project, BuildTimeout, null, "build", "-c", "Release", "-nodeReuse:false", "-tl:off");
        TestContext.Progress.WriteLine($"dotnet build of the suppression project (restore included): {build.Elapsed.TotalSeconds:F1} s");
        Assert.That(build.ExitCode, Is.Zero, build.Describe());

        var warnings = build.Output.Split('\n').Where(line => line.Contains(": warning ", StringComparison.Ordinal)).Distinct().ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(warnings.Where(w => w.Contains($"warning {SuppressionProject.Reported}:", StringComparison.Ordinal)), Is.Not.Empty,
                "the warning nothing silences is reported (the control)\n" + build.Output);
            Assert.That(build.Output, Does.Not.Contain(SuppressionProject.SilencedByPragma), "silenced by #pragma warning disable\n" + build.Output);
            Assert.That(build.Output, Does.Not.Contain(SuppressionProject.SilencedByEditorConfig), "silenced by .editorconfig\n" + build.Output);
        });
    }

    /// <summary>[major.minor.patch, major.(minor + 1).0): the range of a 0.x dependency that breaks between minor versions.</summary>
    private static string TorchSharpRange(string version)
    {
        var parts = version.Split('.');
        return $"[{version}, {parts[0]}.{int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) + 1}.0)";
    }

    private static XDocument ReadNuspec(ZipArchive zip)
    {
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }
}
