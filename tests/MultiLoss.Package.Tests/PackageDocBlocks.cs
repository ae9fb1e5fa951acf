using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MultiLoss.Docs.Tests.Infrastructure;

namespace MultiLoss.Package.Tests;

/// <summary>
/// The fenced blocks of the docs that need the packed packages, which tests/MultiLoss.Docs.Tests leaves to these tests:
/// the commands and package references of the README's "Using MultiLoss in your project", the package references of
/// src/MultiLoss/PACKAGE.md, and the commands of the template package's readme and of the readme of the project it makes.
/// </summary>
internal static class PackageDocBlocks
{
    public const string ReadmeSection = "## Using MultiLoss in your project";
    public const string TemplatePackageReadme = "templates/MultiLoss.Templates/PACKAGE.md";
    public const string TemplateProjectReadme = "templates/MultiLoss.Templates/content/multiloss/README.md";
    public const string LibraryPackageReadme = "src/MultiLoss/PACKAGE.md";

    /// <summary>A fenced block: the doc, its info string, its text.</summary>
    public sealed record Block(string Doc, string Info, string Code);

    /// <summary>Every <c>sh</c>, <c>bash</c> or <c>xml</c> block of those docs (of the README, in its section only).</summary>
    public static IReadOnlyList<Block> All() =>
        [
            .. BlocksIn("README.md", Section(Read("README.md"), ReadmeSection)),
            .. BlocksIn(LibraryPackageReadme, Read(LibraryPackageReadme)),
            .. BlocksIn(TemplatePackageReadme, Read(TemplatePackageReadme)),
            .. BlocksIn(TemplateProjectReadme, Read(TemplateProjectReadme)),
        ];

    /// <summary>The one block of <paramref name="info"/> in <paramref name="doc"/>.</summary>
    public static string Single(string doc, params string[] info) => All().Single(b => b.Doc == doc && info.Contains(b.Info)).Code;

    public static string Read(string doc) => File.ReadAllText(Path.Combine(LocalFeed.RepoRoot, doc)).Replace("\r\n", "\n");

    private static IEnumerable<Block> BlocksIn(string doc, string text) =>
        Markdown.CodeBlocks(text).Where(b => b.Info is "sh" or "bash" or "xml").Select(b => new Block(doc, b.Info, b.Code));

    private static string Section(string text, string heading)
    {
        var section = Markdown.Section(text, heading);
        return section.Length > 0 ? section : throw new InvalidOperationException($"README.md has no section '{heading}'");
    }
}
