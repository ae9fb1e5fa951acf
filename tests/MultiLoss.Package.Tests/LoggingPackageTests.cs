using System;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using NUnit.Framework;

namespace MultiLoss.Package.Tests;

/// <summary>MultiLoss.Logging is a package of its own, so that MultiLoss itself depends on TorchSharp only.</summary>
[TestFixture]
public sealed class LoggingPackageTests
{
    [Test]
    public void It_holds_its_assembly_and_depends_on_this_multiloss_and_the_logging_abstractions_only()
    {
        using var zip = ZipFile.OpenRead(LocalFeed.LoggingPackage);
        var entries = zip.Entries.Select(e => e.FullName).ToArray();
        var nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using var stream = nuspecEntry.Open();
        var nuspec = XDocument.Load(stream);
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var dependencies = nuspec.Descendants(ns + "dependency")
            .Select(d => $"{(string?)d.Attribute("id")} {(string?)d.Attribute("version")}").ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(entries.Where(e => e.StartsWith("lib/", StringComparison.Ordinal)),
                Is.EquivalentTo(new[] { "lib/net10.0/MultiLoss.Logging.dll", "lib/net10.0/MultiLoss.Logging.xml" }));
            Assert.That(entries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal)), Is.Empty, "the generator ships with MultiLoss");
            Assert.That(dependencies, Is.EquivalentTo(new[]
            {
                $"MultiLoss {LocalFeed.Version}",
                $"Microsoft.Extensions.Logging.Abstractions {LocalFeed.CentralVersion("Microsoft.Extensions.Logging.Abstractions")}",
            }));
            Assert.That(zip.GetEntry("PACKAGE.md"), Is.Not.Null, "readme");
        });
    }
}
