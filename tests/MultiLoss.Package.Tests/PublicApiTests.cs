using System;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace MultiLoss.Package.Tests;

/// <summary>
/// The packages' public API is frozen in <c>PublicAPI.Shipped.txt</c> and <c>PublicAPI.Unshipped.txt</c>: in a copy of
/// the sources whose list has lost one of MultiLoss's public symbols and gained one that does not exist, the build fails
/// and names both.
/// </summary>
[TestFixture]
public sealed class PublicApiTests
{
    private const string Listed = "MultiLoss.Checkpoint.Save(string! path, MultiLoss.TrainingPosition! position) -> void";
    private const string Invented = "MultiLoss.Checkpoint.Erase() -> void";

    [Test]
    public void A_public_symbol_missing_from_the_list_or_listed_but_absent_fails_the_build()
    {
        var repository = Path.Combine(LocalFeed.WorkFolder, "public-api");
        PackageSourcesCopy.Make(repository, PackageSourcesCopy.Sources);
        var list = Path.Combine(repository, "src", "MultiLoss", "PublicAPI.Unshipped.txt");
        var lines = File.ReadAllLines(list);
        Assert.That(lines, Does.Contain(Listed), "the symbol this test removes is listed");
        File.WriteAllLines(list, lines.Where(line => line != Listed).Append(Invented));

        var build = ChildProcess.Dotnet(repository, TimeSpan.FromMinutes(10), null, "build", "src/MultiLoss", "-c", "Release");

        Assert.That(build.ExitCode, Is.Not.Zero, "a change to the public API that its list does not show fails the build; " + build.Describe());
        Assert.That(build.Output, Does.Contain("RS0016: Symbol '" + Listed + "'"), "the symbol not listed is named; " + build.Describe());
        Assert.That(build.Output, Does.Contain("RS0017: Symbol '" + Invented + "'"), "the listed symbol that does not exist is named; " + build.Describe());
    }
}
