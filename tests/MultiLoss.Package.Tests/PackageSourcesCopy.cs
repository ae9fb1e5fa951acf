using System.IO;

namespace MultiLoss.Package.Tests;

/// <summary>A copy of the repository's sources in a folder of a test's own, without build outputs, to build or change there.</summary>
internal static class PackageSourcesCopy
{
    /// <summary>What building the packages needs: the projects and the files MSBuild reads above them.</summary>
    public static readonly string[] Sources =
        ["src", "generators", "templates", "LICENSE", "README.md", "global.json", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "Directory.Torch.props", "docs/release-notes.md"];

    /// <summary>Copies <paramref name="sources"/> (paths from the repository's root) into <paramref name="target"/>.</summary>
    public static void Make(string target, params string[] sources)
    {
        foreach (var source in sources) Copy(Path.Combine(LocalFeed.RepoRoot, source), Path.Combine(target, source));
    }

    private static void Copy(string source, string target)
    {
        if (File.Exists(source))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
            return;
        }
        Directory.CreateDirectory(target);
        foreach (var directory in Directory.GetDirectories(source))
        {
            var name = Path.GetFileName(directory);
            if (name is "bin" or "obj") continue;
            Copy(directory, Path.Combine(target, name));
        }
        foreach (var file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
    }
}
