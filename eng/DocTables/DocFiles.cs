using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace DocTables;

/// <summary>
/// The Markdown files users read: the README, everything under docs/, each example's README, the packages' READMEs
/// (src/MultiLoss/PACKAGE.md, src/MultiLoss.Logging/PACKAGE.md and templates/MultiLoss.Templates/PACKAGE.md, shown on the packages' pages) and the README of the
/// project the template makes.
/// </summary>
public static class DocFiles
{
    public static IReadOnlyList<string> Find(string root)
    {
        var docs = Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories);
        var examples = Directory.EnumerateFiles(Path.Combine(root, "examples"), "README.md", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(Path.GetRelativePath(root, path)));
        var templates = Path.Combine(root, "templates", "MultiLoss.Templates");
        return new[] { Path.Combine(root, "README.md") }.Concat(docs.Order()).Concat(examples.Order())
            .Append(Path.Combine(root, "src", "MultiLoss", "PACKAGE.md"))
            .Append(Path.Combine(root, "src", "MultiLoss.Logging", "PACKAGE.md"))
            .Append(Path.Combine(templates, "PACKAGE.md"))
            .Append(Path.Combine(templates, "content", "multiloss", "README.md")).ToList();
    }

    private static bool IsBuildOutput(string relativePath) =>
        relativePath.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");
}
