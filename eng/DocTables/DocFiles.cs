using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace DocTables;

/// <summary>
/// The Markdown files users read: the README, everything under docs/, each example's README, and the package's README
/// (src/MultiLoss/PACKAGE.md, shown on nuget.org).
/// </summary>
public static class DocFiles
{
    public static IReadOnlyList<string> Find(string root)
    {
        var docs = Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories);
        var examples = Directory.EnumerateFiles(Path.Combine(root, "examples"), "README.md", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(Path.GetRelativePath(root, path)));
        return new[] { Path.Combine(root, "README.md") }.Concat(docs.Order()).Concat(examples.Order())
            .Append(Path.Combine(root, "src", "MultiLoss", "PACKAGE.md")).ToList();
    }

    private static bool IsBuildOutput(string relativePath) =>
        relativePath.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");
}
