using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace MultiLoss.Package.Tests;

/// <summary>
/// A folder for projects the tests build, kept from everything above it (MSBuild's search upwards for Directory.*
/// files), with a nuget.config that takes MultiLoss and MultiLoss.Templates from the local package folder only (never a feed) and everything
/// else from this machine's enabled package sources.
/// </summary>
internal static class IsolatedFolder
{
    public static void Write(string folder, string packageFolder)
    {
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "nuget.config"), NugetConfig(packageFolder, MachinePackageSources(folder)));
    }

    private static string NugetConfig(string packageFolder, IReadOnlyList<(string Name, string Address)> packageSources)
    {
        var sources = new StringBuilder();
        var mapping = new StringBuilder();
        sources.AppendLine($"""    <add key="multiloss-under-test" value="{SecurityElement.Escape(packageFolder)}" />""");
        mapping.AppendLine("""    <packageSource key="multiloss-under-test"><package pattern="MultiLoss" /><package pattern="MultiLoss.Templates" /></packageSource>""");
        foreach (var (name, address) in packageSources)
        {
            sources.AppendLine($"""    <add key="{SecurityElement.Escape(name)}" value="{SecurityElement.Escape(address)}" />""");
            mapping.AppendLine($"""    <packageSource key="{SecurityElement.Escape(name)}"><package pattern="*" /></packageSource>""");
        }
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
            {sources}  </packageSources>
              <packageSourceMapping>
                <clear />
            {mapping}  </packageSourceMapping>
            </configuration>

            """;
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
        Assert.That(sources, Is.Not.Empty, "this machine has no enabled NuGet source to restore TorchSharp and the test packages from: " + list.Output);
        return sources;
    }
}
