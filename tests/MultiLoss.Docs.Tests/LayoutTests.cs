using System.IO;
using System.Linq;
using MultiLoss.Docs.Tests.Infrastructure;
using NUnit.Framework;

namespace MultiLoss.Docs.Tests;

/// <summary>The README's repository layout against the tree: every path it lists exists, every project folder is listed.</summary>
public sealed class LayoutTests
{
    /// <summary>The first word of each line of the layout block: a folder (ending in /) or a file.</summary>
    private static string[] ListedPaths()
    {
        var block = Markdown.CodeBlocks(Markdown.Section(Repository.Read("README.md"), "## Repository layout")).Single();
        return block.Code.Split('\n').Where(l => l.Trim().Length > 0).Select(l => l.Split(' ', 2)[0]).ToArray();
    }

    [Test]
    public void Every_listed_path_exists()
    {
        var missing = ListedPaths().Where(p => p.EndsWith('/')
            ? !Directory.Exists(Path.Combine(Repository.Root, p))
            : !File.Exists(Path.Combine(Repository.Root, p)));

        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void Every_project_folder_is_listed()
    {
        var projects = Directory.EnumerateFiles(Repository.Root, "*.csproj", SearchOption.AllDirectories)
            .Select(p => Repository.Relative(Path.GetDirectoryName(p)!) + "/")
            .Where(p => !p.Split('/').Any(part => part is "bin" or "obj"));

        Assert.That(projects.Except(ListedPaths()), Is.Empty, "project folders missing from the README's layout");
    }
}
