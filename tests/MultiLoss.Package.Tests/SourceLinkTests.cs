using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using NUnit.Framework;

namespace MultiLoss.Package.Tests;

/// <summary>
/// The project's one address, in every place a user meets it: the package's project and repository links (with the
/// commit it was built from), the symbols' Source Link map, and the diagnostics' help links.
/// </summary>
[TestFixture]
public sealed class SourceLinkTests
{
    /// <summary>The custom debug information Source Link writes into a portable PDB.</summary>
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    private static string Address => Property("MultiLossRepositoryUrl");

    [Test]
    public void The_package_links_the_project_and_the_commit_it_was_built_from()
    {
        using var zip = ZipFile.OpenRead(LocalFeed.MultiLossPackage);
        using var nuspecStream = zip.Entries.Single(e => e.FullName == "MultiLoss.nuspec").Open();
        var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");

        Assert.Multiple(() =>
        {
            Assert.That((string?)metadata.Elements().Single(e => e.Name.LocalName == "projectUrl"), Is.EqualTo(Address), "project URL");
            Assert.That((string?)repository.Attribute("url"), Is.EqualTo(Address), "repository URL");
            Assert.That((string?)repository.Attribute("commit"), Is.EqualTo(HeadCommit()), "the commit packed");
        });
    }

    [Test]
    public void The_symbols_map_every_source_to_its_address_at_the_commit()
    {
        using var symbolZip = ZipFile.OpenRead(Path.ChangeExtension(LocalFeed.MultiLossPackage, ".snupkg"));
        using var pdb = new MemoryStream();
        using (var content = symbolZip.GetEntry("lib/net10.0/MultiLoss.pdb")!.Open()) content.CopyTo(pdb);
        pdb.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
        var reader = provider.GetMetadataReader();
        var sourceLink = reader.CustomDebugInformation
            .Select(reader.GetCustomDebugInformation)
            .Where(information => reader.GetGuid(information.Kind) == SourceLinkKind)
            .Select(information => Encoding.UTF8.GetString(reader.GetBlobBytes(information.Value)))
            .SingleOrDefault();
        Assert.That(sourceLink, Is.Not.Null, "the symbols carry a Source Link map");

        using var map = JsonDocument.Parse(sourceLink!);
        var documents = map.RootElement.GetProperty("documents").EnumerateObject().Select(p => (p.Name, p.Value.GetString())).ToArray();
        var raw = Address.Replace("https://github.com/", "https://raw.githubusercontent.com/", StringComparison.Ordinal);
        Assert.That(documents, Is.EqualTo(new[] { ("/_/*", $"{raw}/{HeadCommit()}/*") }), "every source under /_/ (the symbols' paths) maps to the commit's file");
    }

    [TestCase("generators/MultiLoss.Generators/Validation/DiagnosticDescriptors.cs")]
    [TestCase("generators/MultiLoss.Analyzers/LoopDescriptors.cs")]
    public void The_diagnostics_help_links_are_under_the_projects_address(string descriptors)
    {
        var source = File.ReadAllText(Path.Combine(LocalFeed.RepoRoot, descriptors));

        Assert.That(source, Does.Contain($"HelpLinkBase = \"{Address}/blob/main/docs/"));
    }

    private static string Property(string name)
    {
        var evaluation = ChildProcess.Dotnet(LocalFeed.RepoRoot, TimeSpan.FromMinutes(2), null, "msbuild", "src/MultiLoss", $"-getProperty:{name}");
        Assert.That(evaluation.ExitCode, Is.Zero, evaluation.Describe());
        var value = evaluation.Output.Trim();
        Assert.That(value, Does.StartWith("https://"), name);
        return value;
    }

    private static string HeadCommit()
    {
        var git = ChildProcess.Run("git", LocalFeed.RepoRoot, TimeSpan.FromMinutes(1), null, "rev-parse", "HEAD");
        Assert.That(git.ExitCode, Is.Zero, git.Describe());
        return git.Output.Trim();
    }
}
